<?xml version="1.0" encoding="UTF-8"?>
<!-- lti-link.xsl - a Basic LTI link descriptor for CC $to.

     Only the outer cartridge_basiclti_link namespace is versioned:
     imslticc_v1p0 for CC 1.1 and 1.2 (spec 2.3: also what Pressbooks
     writes for 1.2; v1p2 is accepted on read), imslticc_v1p3 for 1.3 and
     1.4 (1.4 changes the resource type to imsbasiclti_xmlv1p4 only; CC
     1.0 has no LTI links: the manifest drops them).
     The blti/lticm/lticp children keep their v1p0 namespaces in every
     version and are copied.  The LTI-link LOM <metadata> exists from 1.3
     on: dropped below with a <?cckit-loss?> record.  Foreign
     schemaLocation pairs (blti, lticm, lticp) are kept. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:param name="to" select="'1.3'"/>
  <xsl:variable name="n" select="substring($to, 3, 1)"/>
  <xsl:variable name="ns">
    <xsl:choose>
      <xsl:when test="$n &gt;= 3">http://www.imsglobal.org/xsd/imslticc_v1p3</xsl:when>
      <xsl:otherwise>http://www.imsglobal.org/xsd/imslticc_v1p0</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="loc">
    <xsl:choose>
      <xsl:when test="$n &gt;= 3">http://www.imsglobal.org/xsd/lti/ltiv1p3/imslticc_v1p3.xsd</xsl:when>
      <xsl:otherwise>http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticc_v1p0p1.xsd</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:apply-templates select="node()"/>
  </xsl:template>

  <xsl:template match="/*" priority="2">
    <xsl:element name="{local-name()}" namespace="{$ns}">
      <xsl:attribute name="xsi:schemaLocation">
        <xsl:value-of select="concat($ns, ' ', $loc)"/>
        <xsl:call-template name="other-pairs">
          <xsl:with-param name="s" select="normalize-space(@xsi:schemaLocation)"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:apply-templates select="@*[namespace-uri() != 'http://www.w3.org/2001/XMLSchema-instance']|node()"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="other-pairs">
    <xsl:param name="s"/>
    <xsl:if test="$s != ''">
      <xsl:variable name="pns" select="substring-before(concat($s, ' '), ' ')"/>
      <xsl:variable name="rest" select="substring-after($s, ' ')"/>
      <xsl:variable name="ploc" select="substring-before(concat($rest, ' '), ' ')"/>
      <xsl:if test="not(starts-with($pns, 'http://www.imsglobal.org/xsd/imslticc_')) and $ploc != ''">
        <xsl:value-of select="concat(' ', $pns, ' ', $ploc)"/>
      </xsl:if>
      <xsl:call-template name="other-pairs">
        <xsl:with-param name="s" select="substring-after($rest, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Children in the link's own namespace: cartridge_bundle, cartridge_icon, metadata. -->
  <xsl:template match="/*/*[starts-with(namespace-uri(), 'http://www.imsglobal.org/xsd/imslticc_')][true()]">
    <xsl:choose>
      <xsl:when test="local-name() = 'metadata' and $n &lt; 3">
        <xsl:processing-instruction name="cckit-loss">kind="dropped" code="lti-metadata-dropped" detail="LTI-link LOM metadata exists from CC 1.3 on"</xsl:processing-instruction>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{local-name()}" namespace="{$ns}">
          <xsl:apply-templates select="@*|node()"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- metadata content is LOM: renamed with its parent or dropped with it -->
  <xsl:template match="*">
    <xsl:apply-templates select="." mode="foreign"/>
  </xsl:template>

  <xsl:template match="@*|text()|comment()">
    <xsl:copy/>
  </xsl:template>

  <!-- Copy a foreign element without the namespace nodes it inherited
       (xsl:copy-of would carry the old CC declarations along). -->
  <xsl:template match="*" mode="foreign">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates select="node()" mode="foreign"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="text()|comment()|processing-instruction()" mode="foreign">
    <xsl:copy/>
  </xsl:template>
</xsl:stylesheet>
