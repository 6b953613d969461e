<?xml version="1.0" encoding="UTF-8"?>
<!-- qti.xsl - a QTI 1.2.1 assessment or question bank for CC $to.

     QTI uses http://www.imsglobal.org/xsd/ims_qtiasiv1p2 in every CC
     version and the CC profile (cc_profile values cc.*.v0p1) did not
     change, so the document is copied as it is; only the schemaLocation
     of the QTI namespace points at the target's profile XSD. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:param name="to" select="'1.3'"/>
  <xsl:variable name="n" select="substring($to, 3, 1)"/>
  <xsl:variable name="QTI" select="'http://www.imsglobal.org/xsd/ims_qtiasiv1p2'"/>
  <xsl:variable name="loc">
    <xsl:choose>
      <xsl:when test="$n = 0">http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/domainProfile_4/ims_qtiasiv1p2_localised.xsd</xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('http://www.imsglobal.org/profile/cc/ccv1p', $n, '/ccv1p', $n, '_qtiasiv1p2p1_v1p0.xsd')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/*/@xsi:schemaLocation">
    <xsl:attribute name="xsi:schemaLocation">
      <xsl:value-of select="concat($QTI, ' ', $loc)"/>
      <xsl:call-template name="other-pairs">
        <xsl:with-param name="s" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:attribute>
  </xsl:template>

  <xsl:template name="other-pairs">
    <xsl:param name="s"/>
    <xsl:if test="$s != ''">
      <xsl:variable name="pns" select="substring-before(concat($s, ' '), ' ')"/>
      <xsl:variable name="rest" select="substring-after($s, ' ')"/>
      <xsl:variable name="ploc" select="substring-before(concat($rest, ' '), ' ')"/>
      <xsl:if test="$pns != $QTI and $ploc != ''">
        <xsl:value-of select="concat(' ', $pns, ' ', $ploc)"/>
      </xsl:if>
      <xsl:call-template name="other-pairs">
        <xsl:with-param name="s" select="substring-after($rest, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Below the root nothing changes: one copy-of, not a template per
       node (an assessment has thousands). -->
  <xsl:template match="/*">
    <xsl:copy><xsl:apply-templates select="@*"/><xsl:copy-of select="node()"/></xsl:copy>
  </xsl:template>

  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
</xsl:stylesheet>
