<?xml version="1.0" encoding="UTF-8"?>
<!-- assignment.xsl - a CC 1.3 assignment (imscc_extensions/assignment)
     as a web page, for CC 1.1 and 1.2, which have no assignments.

     The page shows what a learner needs: the title, the text, and the
     attachments meant for learners (role All or Learner; hrefs stay
     relative to the descriptor, and the page is written beside it).
     What a web page cannot carry is recorded as <?cckit-loss?>:
     gradable, submission formats, instructor text, attachments for
     instructors/managers, platform extensions.  HTML text (texttype
     text/html) is the assignment author's markup and is written as
     markup, exactly as an LMS would have shown it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:a="http://www.imsglobal.org/xsd/imscc_extensions/assignment"
    exclude-result-prefixes="a">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>
  <xsl:param name="to" select="'1.1'"/>

  <xsl:template match="/a:assignment">
    <html>
      <head>
        <title><xsl:value-of select="normalize-space(a:title)"/></title>
      </head>
      <body>
        <h1><xsl:value-of select="normalize-space(a:title)"/></h1>
        <xsl:apply-templates select="a:text"/>
        <xsl:variable name="att" select="a:attachments/a:attachment[not(@role) or @role = 'All' or @role = 'Learner']"/>
        <xsl:if test="$att">
          <h2>Attachments</h2>
          <ul>
            <xsl:for-each select="$att">
              <li><a href="{@href}"><xsl:value-of select="@href"/></a></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <xsl:apply-templates select="a:gradable | a:submission_formats | a:instructor_text | a:extensions
                                     | a:attachments/a:attachment[@role = 'Manager' or @role = 'Instructor']" mode="loss"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="a:text[@texttype = 'text/html'][true()]">
    <div class="assignment-text"><xsl:value-of select="." disable-output-escaping="yes"/></div>
  </xsl:template>

  <xsl:template match="a:text">
    <div class="assignment-text" style="white-space: pre-wrap"><xsl:value-of select="."/></div>
  </xsl:template>

  <xsl:template match="*" mode="loss">
    <xsl:variable name="what">
      <xsl:choose>
        <xsl:when test="self::a:gradable">gradable=<xsl:value-of select="normalize-space(.)"/><xsl:if test="@points_possible"> (points_possible=<xsl:value-of select="@points_possible"/>)</xsl:if></xsl:when>
        <xsl:when test="self::a:submission_formats">submission formats: <xsl:for-each select="a:format"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="@type"/></xsl:for-each></xsl:when>
        <xsl:when test="self::a:instructor_text">instructor text (<xsl:value-of select="string-length(normalize-space(.))"/> characters)</xsl:when>
        <xsl:when test="self::a:extensions">extensions for platform <xsl:value-of select="@platform"/></xsl:when>
        <xsl:otherwise>attachment <xsl:value-of select="@href"/> for role <xsl:value-of select="@role"/> (not linked from the learner's page)</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:processing-instruction name="cckit-loss">kind="dropped" code="assignment-<xsl:value-of select="translate(local-name(), '_', '-')"/>-dropped" detail="<xsl:value-of select="translate($what, '&quot;?', &quot;'.&quot;)"/>: CC <xsl:value-of select="$to"/> web content cannot hold it"</xsl:processing-instruction>
  </xsl:template>
</xsl:stylesheet>
