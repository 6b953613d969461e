<?xml version="1.0" encoding="UTF-8"?>
<!-- discussion.xsl - a discussion topic descriptor (imsdt) for CC $to.

     The topic's namespace is versioned (imsdt_v1p0 .. imsccv1p3/imsdt_v1p3);
     its content is the same in every version, so the element names stay
     and only the namespace and schemaLocation change.  CC 1.0 children are
     unqualified: they join the target namespace (1.1+ is qualified).
     1.1 requires text/@texttype (1.0 defaulted it to text/plain).  Foreign
     extension elements are allowed from 1.3 on: kept there, dropped with a
     <?cckit-loss?> record below. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:param name="to" select="'1.3'"/>
  <xsl:variable name="n" select="substring($to, 3, 1)"/>
  <xsl:variable name="ns">
    <xsl:choose>
      <xsl:when test="$n = 0">http://www.imsglobal.org/xsd/imsdt_v1p0</xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('http://www.imsglobal.org/xsd/imsccv1p', $n, '/imsdt_v1p', $n)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="loc">
    <xsl:choose>
      <xsl:when test="$n = 0">http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/domainProfile_6/imsdt_v1p0_localised.xsd</xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('http://www.imsglobal.org/profile/cc/ccv1p', $n, '/ccv1p', $n, '_imsdt_v1p', $n, '.xsd')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <!-- the children's namespace: none in CC 1.0 (unqualified) -->
  <xsl:variable name="cns">
    <xsl:if test="$n != 0"><xsl:value-of select="$ns"/></xsl:if>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:apply-templates select="node()"/>
  </xsl:template>

  <xsl:template match="/*" priority="2">
    <xsl:element name="{local-name()}" namespace="{$ns}">
      <xsl:attribute name="xsi:schemaLocation"><xsl:value-of select="concat($ns, ' ', $loc)"/></xsl:attribute>
      <xsl:apply-templates select="@*[namespace-uri() != 'http://www.w3.org/2001/XMLSchema-instance']|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- 1.4's <extensions> property sets have no place before 1.4 -->
  <xsl:template match="/*/*[local-name() = 'extensions' and (contains(namespace-uri(), 'imsdt_v1p') or namespace-uri() = '')]" priority="1">
    <xsl:choose>
      <xsl:when test="$n = 4">
        <xsl:element name="extensions" namespace="{$cns}"><xsl:apply-templates select="@*"/><xsl:apply-templates select="node()" mode="foreign"/></xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:processing-instruction name="cckit-loss">kind="dropped" code="extension-dropped" detail="<xsl:value-of select="concat('extensions property set: CC ', $to, ' topics have none (CC 1.4 only)')"/>"</xsl:processing-instruction>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[contains(namespace-uri(), 'imsdt_v1p') or namespace-uri() = ''][true()]">
    <xsl:element name="{local-name()}" namespace="{$cns}">
      <xsl:apply-templates select="@*"/>
      <xsl:if test="local-name() = 'text' and not(@texttype)">
        <xsl:attribute name="texttype">text/plain</xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*">
    <xsl:choose>
      <xsl:when test="$n &gt;= 3"><xsl:apply-templates select="." mode="foreign"/></xsl:when>
      <xsl:otherwise>
        <xsl:processing-instruction name="cckit-loss">kind="dropped" code="extension-dropped" detail="<xsl:value-of select="translate(concat('extension element ', name(), ' (', namespace-uri(), '): CC ', $to, ' topics allow none'), '&quot;?', &quot;'.&quot;)"/>"</xsl:processing-instruction>
      </xsl:otherwise>
    </xsl:choose>
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
