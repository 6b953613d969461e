<?xml version="1.0" encoding="UTF-8"?>
<!-- manifest.xsl - rewrite imsmanifest.xml for another CC version.

     Parameters: to = "1.0" | "1.1" | "1.2" | "1.3" | "1.4"; thin = "1"
     for a Thin CC (1.2 - 1.4).  CC 1.0 spells its namespaces without the
     version path (imscc/imscp_v1p1, imscc/LOM, the plain IEEE LOM for
     resources, imsccauth_v1p0) and has no LTI links, intendeduse, CSM or
     resource schema/schemaversion; CC 1.4 has no authorizations and
     moves CSM to imscsmd_v1p1.
     Every CC namespace (CP, manifest/resource LOM, auth, CSM, CP
     extension, LTI LOM) is recognised by its URI whatever version the
     input declares (real exports mix them) and re-emitted in the
     target's namespace.  What the target cannot hold is dropped or
     changed, and each such change leaves a processing instruction
     <?cckit-loss kind="dropped|changed" code=".." resource=".." item=".."
     detail=".."?> that convert.c collects into the loss report and
     removes from the output.  Elements and attributes in foreign
     (non-CC) namespaces are kept unchanged: they are an exporter's
     extension, and the validator judges whether the target allows them.
     Written in XSLT 1.0 for libxslt; no document(), no extensions. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:c0="http://www.imsglobal.org/xsd/imscc/imscp_v1p1"
    xmlns:c1="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
    xmlns:c2="http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1"
    xmlns:c3="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
    xmlns:c4="http://www.imsglobal.org/xsd/imsccv1p4/imscp_v1p1"
    exclude-result-prefixes="c0 c1 c2 c3 c4">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="to" select="'1.3'"/>
  <xsl:param name="thin" select="'0'"/>
  <!-- What schema-location would scan the whole document for, found by
       convert (convert_xsl.c) in one walk of the tree: " known " and the
       words res-meta, auth, csm, cpx that hold.  '' (the default, or a
       tree with entities): the scans below answer. -->
  <xsl:param name="present" select="''"/>
  <!-- The fast mode (below) holds when convert found the tree "plain"
       (every element of a CP namespace but the root unprefixed, with
       unqualified attributes only) and no role text needs rewriting. -->
  <xsl:variable name="fast" select="contains($present, ' plain ') and not(substring($to, 3, 1) &lt;= 2 and contains($present, ' roles '))"/>

  <!-- "1.3" -> "3": namespaces and type strings spell versions v1pN -->
  <xsl:variable name="n" select="substring($to, 3, 1)"/>
  <xsl:variable name="cp">
    <xsl:choose>
      <xsl:when test="$n = 0">http://www.imsglobal.org/xsd/imscc/imscp_v1p1</xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('http://www.imsglobal.org/xsd/imsccv1p', $n, '/imscp_v1p1')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <!-- The target as booleans, for the fast mode's xsl:element of a
       constant namespace (namespace="{$cp}" is an AVT that libxslt
       compiles on every call: a sixth of the fast mode; a test of a
       boolean costs far less; 1.1 first, the version issue #12 times). -->
  <xsl:variable name="v0" select="$n = 0"/>
  <xsl:variable name="v1" select="$n = 1"/>
  <xsl:variable name="v2" select="$n = 2"/>
  <xsl:variable name="v3" select="$n = 3"/>
  <xsl:variable name="v4" select="$n = 4"/>
  <xsl:variable name="prof" select="concat('http://www.imsglobal.org/profile/cc/ccv1p', $n, '/')"/>
  <!-- CC 1.0's schemas sit in the derived_schema folder of its package -->
  <xsl:variable name="prof10" select="'http://www.imsglobal.org/profile/cc/ccv1p0/derived_schema/'"/>
  <!-- the CSM namespace's own version: 1.0 until CC 1.3, 1.1 in CC 1.4 -->
  <xsl:variable name="csmv">
    <xsl:choose>
      <xsl:when test="$n = 4">v1p1</xsl:when>
      <xsl:otherwise>v1p0</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="lomr"><xsl:call-template name="target-ns"><xsl:with-param name="role" select="'lomr'"/></xsl:call-template></xsl:variable>
  <!-- the input's schema string, kept for a K-12 cartridge going to 1.4 -->
  <xsl:variable name="in-schema" select="normalize-space(/*/*[local-name() = 'metadata']/*[local-name() = 'schema'])"/>

  <xsl:variable name="XSI" select="'http://www.w3.org/2001/XMLSchema-instance'"/>

  <!-- The root's namespace, and whether it is a CP one (role cp): the
       elements in it go to $cp without a call of the role template. -->
  <xsl:variable name="root-ns" select="namespace-uri(/*)"/>
  <xsl:variable name="root-role"><xsl:call-template name="role"><xsl:with-param name="ns" select="$root-ns"/></xsl:call-template></xsl:variable>
  <xsl:variable name="root-cp" select="$root-role = 'cp'"/>

  <!-- In the fast mode (a plain tree: every resource is in
       /manifest/resources) the resources of a type other than web
       content, the few that can be dropped, found without a scan of the
       whole document. -->
  <xsl:variable name="nonweb" select="/*[$fast]/*[local-name() = 'resources']/*[local-name() = 'resource'][not(@type = 'webcontent')]"/>

  <!-- Only the first question bank survives below 1.3 (1.1/1.2 allow one).
       (The second path's first step is empty in the fast mode.) -->
  <xsl:variable name="first-qb"
      select="($nonweb[contains(@type, '/question-bank')]
               | /*[not($fast)]/descendant-or-self::*[local-name() = 'resource'][contains(@type, '/question-bank')])[1]"/>

  <!-- In the fast mode, the identifiers of the resources that go
       (drop-reason's answers: kinds are told by their type's prefix,
       which no two share).  When they are few an item or dependency is
       compared with them rather than looked up: no key is built at all. -->
  <xsl:variable name="dropped" select="
      /*[$fast and $thin = '1']/*[local-name() = 'resources']/*[local-name() = 'resource']
        [not(starts-with(@type, 'imswl_xmlv') or starts-with(@type, 'imsbasiclti_xmlv'))]/@identifier
    | $nonweb[$n &lt; 3 and (@type = 'idpfepub_epubv3p0' or @type = 'imsapip_zipv1p0' or @type = 'imsiwb_iwbv1p0'
                            or starts-with(@type, 'imsqti_xmlv') and substring-after(substring-after(@type, '/'), '/') = 'question-bank'
                               and generate-id() != generate-id($first-qb))
              or $n = 0 and starts-with(@type, 'imsbasiclti_xmlv')
              or $n != 4 and (@type = 'imsov_xmlv1p0' or @type = 'imsov_zipv1p0' or @type = 'imsqti_zipv3p0')]/@identifier"/>
  <xsl:variable name="few-dropped" select="count($dropped) &lt;= 16"/>

  <!-- Why no template below matches with a predicate: libxslt 1.1.35
       tests such a pattern against an element either by counting the
       element's siblings (one predicate) or by scanning every node the
       pattern matches in the document (two or more): both are quadratic
       when one parent holds many items or resources (100,000 items took
       19 s, 20,000 resources over two minutes).  So every element goes
       through the one match="*" template (or a template of mode "fast"
       matching a name), which dispatches with tests.
       A key's match is evaluated once as an XPath over the document
       (linear); the keys match the identifier attributes, not "*": an
       evaluation of "use" per element cost most of a key.  key()
       returns the attribute: its parent is the element.  (Each key
       value's node list is kept free of duplicates by a scan: a value
       shared by many nodes is quadratic too, so the keys hold resource
       identifiers, unique in a cartridge that passed the validator,
       which convert.c requires.) -->
  <!-- the resources, by identifier -->
  <xsl:key name="res" match="@identifier[local-name(..) = 'resource']" use="."/>
  <!-- the variants pointing at a resource, by target: Canvas gives each
       assignment a web content fallback whose variant names it -->
  <xsl:key name="variant" match="@identifierref[local-name(..) = 'variant' and local-name(../..) = 'resource']" use="."/>
  <!-- what an assignment depends on, by target -->
  <xsl:key name="dep" match="@identifierref[local-name(..) = 'dependency' and ../../@type = 'assignment_xmlv1p0']" use="."/>

  <!-- ============================================================ -->
  <!-- Which CC namespace a URI is ('' = foreign).                    -->
  <xsl:template name="role">
    <xsl:param name="ns"/>
    <xsl:choose>
      <xsl:when test="starts-with($ns, 'http://www.imsglobal.org/xsd/imscc') and substring-after($ns, '/') != '' and contains($ns, '/imscp_v1p1')">cp</xsl:when>
      <xsl:when test="$ns = 'http://ltsc.ieee.org/xsd/imscc/LOM' or (starts-with($ns, 'http://ltsc.ieee.org/xsd/imscc') and contains($ns, '/LOM/manifest'))">lomm</xsl:when>
      <xsl:when test="$ns = 'http://ltsc.ieee.org/xsd/LOM' or (starts-with($ns, 'http://ltsc.ieee.org/xsd/imscc') and contains($ns, '/LOM/resource'))">lomr</xsl:when>
      <xsl:when test="starts-with($ns, 'http://ltsc.ieee.org/xsd/imscc') and contains($ns, '/LOM/imscclti')">ltilom</xsl:when>
      <xsl:when test="starts-with($ns, 'http://www.imsglobal.org/xsd/') and contains($ns, 'imsccauth_v1p')">auth</xsl:when>
      <xsl:when test="starts-with($ns, 'http://www.imsglobal.org/xsd/') and contains($ns, '/imscsmd_v1p')">csm</xsl:when>
      <xsl:when test="starts-with($ns, 'http://www.imsglobal.org/xsd/') and contains($ns, 'imscp_extensionv1p2')">cpx</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The target's namespace for a role ('' = the target has none). -->
  <xsl:template name="target-ns">
    <xsl:param name="role"/>
    <xsl:choose>
      <xsl:when test="$role = 'cp'"><xsl:value-of select="$cp"/></xsl:when>
      <xsl:when test="$n = 0">
        <xsl:choose>
          <xsl:when test="$role = 'lomm'">http://ltsc.ieee.org/xsd/imscc/LOM</xsl:when>
          <xsl:when test="$role = 'lomr'">http://ltsc.ieee.org/xsd/LOM</xsl:when>
          <xsl:when test="$role = 'auth'">http://www.imsglobal.org/xsd/imsccauth_v1p0</xsl:when>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$role = 'lomm'">http://ltsc.ieee.org/xsd/imsccv1p<xsl:value-of select="$n"/>/LOM/manifest</xsl:when>
      <xsl:when test="$role = 'lomr'">http://ltsc.ieee.org/xsd/imsccv1p<xsl:value-of select="$n"/>/LOM/resource</xsl:when>
      <xsl:when test="$role = 'auth' and $n &lt;= 3">http://www.imsglobal.org/xsd/imsccv1p<xsl:value-of select="$n"/>/imsccauth_v1p<xsl:value-of select="$n"/></xsl:when>
      <xsl:when test="$role = 'csm' and $n &gt;= 2">http://www.imsglobal.org/xsd/imsccv1p<xsl:value-of select="$n"/>/imscsmd_<xsl:value-of select="$csmv"/></xsl:when>
      <xsl:when test="$role = 'cpx' and $n = 3">http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2</xsl:when>
      <xsl:when test="$role = 'ltilom' and $n = 3">http://ltsc.ieee.org/xsd/imsccv1p3/LOM/imscclti</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The official schema location of a role in the target. -->
  <xsl:template name="target-location">
    <xsl:param name="role"/>
    <xsl:variable name="v" select="concat('ccv1p', $n)"/>
    <xsl:choose>
      <xsl:when test="$n = 0">
        <xsl:choose>
          <xsl:when test="$role = 'cp'"><xsl:value-of select="concat($prof10, 'imscp_v1p2_localised.xsd')"/></xsl:when>
          <xsl:when test="$role = 'lomm'"><xsl:value-of select="concat($prof10, 'domainProfile_1/lomLoose_localised.xsd')"/></xsl:when>
          <xsl:when test="$role = 'lomr'"><xsl:value-of select="concat($prof10, 'domainProfile_2/lomLoose_localised.xsd')"/></xsl:when>
          <xsl:when test="$role = 'auth'"><xsl:value-of select="concat($prof10, 'domainProfile_0/imsccauth_v1p0_localised.xsd')"/></xsl:when>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$role = 'cp'"><xsl:value-of select="concat($prof, $v, '_imscp_v1p2_v1p0.xsd')"/></xsl:when>
      <xsl:when test="$role = 'lomm'"><xsl:value-of select="concat($prof, 'LOM/', $v, '_lommanifest_v1p0.xsd')"/></xsl:when>
      <xsl:when test="$role = 'lomr'"><xsl:value-of select="concat($prof, 'LOM/', $v, '_lomresource_v1p0.xsd')"/></xsl:when>
      <xsl:when test="$role = 'auth'"><xsl:value-of select="concat($prof, $v, '_imsccauth_v1p', $n, '.xsd')"/></xsl:when>
      <xsl:when test="$role = 'csm'"><xsl:value-of select="concat($prof, $v, '_imscsmd_', $csmv, '.xsd')"/></xsl:when>
      <xsl:when test="$role = 'cpx'"><xsl:value-of select="concat($prof, $v, '_cpextensionv1p2_v1p0.xsd')"/></xsl:when>
      <xsl:when test="$role = 'ltilom'"><xsl:value-of select="concat($prof, 'LOM/', $v, '_lomccltilink_v1p0.xsd')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The kind of a resource type string, any version's spelling. -->
  <xsl:template name="kind">
    <xsl:param name="type" select="@type"/>
    <xsl:choose>
      <xsl:when test="$type = 'webcontent'">webcontent</xsl:when>
      <xsl:when test="starts-with($type, 'associatedcontent/')">associatedcontent</xsl:when>
      <xsl:when test="starts-with($type, 'imsdt_xmlv')">discussion</xsl:when>
      <xsl:when test="starts-with($type, 'imswl_xmlv')">weblink</xsl:when>
      <xsl:when test="starts-with($type, 'imsqti_xmlv') and substring-after(substring-after($type, '/'), '/') = 'assessment'">assessment</xsl:when>
      <xsl:when test="starts-with($type, 'imsqti_xmlv') and substring-after(substring-after($type, '/'), '/') = 'question-bank'">questionbank</xsl:when>
      <xsl:when test="starts-with($type, 'imsbasiclti_xmlv')">ltilink</xsl:when>
      <xsl:when test="$type = 'assignment_xmlv1p0'">assignment</xsl:when>
      <xsl:when test="$type = 'idpfepub_epubv3p0'">epub</xsl:when>
      <xsl:when test="$type = 'imsapip_zipv1p0'">apip</xsl:when>
      <xsl:when test="$type = 'imsiwb_iwbv1p0'">iwb</xsl:when>
      <xsl:when test="$type = 'imsov_xmlv1p0' or $type = 'imsov_zipv1p0'">openvideo</xsl:when>
      <xsl:when test="$type = 'imsqti_zipv3p0'">qti3</xsl:when>
      <xsl:otherwise>unknown</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The target's type string for a kind ('' = keep as written). -->
  <xsl:template name="target-type">
    <xsl:param name="kind"/>
    <xsl:variable name="x" select="concat('xmlv1p', $n)"/>
    <xsl:choose>
      <xsl:when test="$kind = 'webcontent' or $kind = 'assignment'">webcontent</xsl:when>
      <xsl:when test="$kind = 'associatedcontent'">associatedcontent/imscc_<xsl:value-of select="$x"/>/learning-application-resource</xsl:when>
      <xsl:when test="$kind = 'discussion'">imsdt_<xsl:value-of select="$x"/></xsl:when>
      <xsl:when test="$kind = 'weblink'">imswl_<xsl:value-of select="$x"/></xsl:when>
      <xsl:when test="$kind = 'assessment'">imsqti_xmlv1p2/imscc_<xsl:value-of select="$x"/>/assessment</xsl:when>
      <xsl:when test="$kind = 'questionbank'">imsqti_xmlv1p2/imscc_<xsl:value-of select="$x"/>/question-bank</xsl:when>
      <!-- BLTI keeps xmlv1p0 until 1.3 (spec 6: 1.1 -> 1.2) -->
      <xsl:when test="$kind = 'ltilink' and $n &gt;= 3">imsbasiclti_<xsl:value-of select="$x"/></xsl:when>
      <xsl:when test="$kind = 'ltilink'">imsbasiclti_xmlv1p0</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Why a resource cannot go into the target ('' = it can). -->
  <xsl:template name="drop-reason">
    <xsl:param name="r" select="."/>
    <xsl:choose>
      <!-- kinds that every target but Thin holds: answered without the
           kind template (called for every item, resource and dependency;
           item-with-ref and dependency make the same test first) -->
      <xsl:when test="$thin != '1' and ($r/@type = 'webcontent' or starts-with($r/@type, 'imsdt_xmlv') or starts-with($r/@type, 'imswl_xmlv')
                      or (starts-with($r/@type, 'imsqti_xmlv') and substring-after(substring-after($r/@type, '/'), '/') = 'assessment'))"/>
      <xsl:otherwise><xsl:call-template name="drop-reason-of-kind"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="drop-reason-of-kind">
    <xsl:param name="r"/>
    <xsl:variable name="kind"><xsl:call-template name="kind"><xsl:with-param name="type" select="$r/@type"/></xsl:call-template></xsl:variable>
    <xsl:choose>
      <xsl:when test="$thin = '1' and $kind != 'weblink' and $kind != 'ltilink'">thin-not-a-link</xsl:when>
      <xsl:when test="$n &lt; 3 and ($kind = 'epub' or $kind = 'apip' or $kind = 'iwb')">type-not-in-version</xsl:when>
      <xsl:when test="$n = 0 and $kind = 'ltilink'">type-not-in-version</xsl:when>
      <xsl:when test="$n != 4 and ($kind = 'openvideo' or $kind = 'qti3')">type-not-in-version</xsl:when>
      <xsl:when test="$n &lt; 3 and $kind = 'questionbank' and generate-id($r) != generate-id($first-qb)">extra-question-bank</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- One loss record (the fast mode writes the frequent ones out in
       full: keep them in step).  Pseudo-attribute values may not hold
       '"' or '?>': the C side reads them back verbatim, so quotes become
       apostrophes (translate, written out four times: a named template
       per value cost more than the rest of the record). -->
  <xsl:template name="loss">
    <xsl:param name="kind" select="'changed'"/>
    <xsl:param name="code"/>
    <xsl:param name="resource" select="''"/>
    <xsl:param name="item" select="''"/>
    <xsl:param name="file" select="''"/>
    <xsl:param name="detail"/>
    <xsl:processing-instruction name="cckit-loss">
      <xsl:text>kind="</xsl:text><xsl:value-of select="$kind"/>
      <xsl:text>" code="</xsl:text><xsl:value-of select="$code"/>
      <xsl:text>" resource="</xsl:text><xsl:value-of select="translate($resource, '&quot;?', &quot;'.&quot;)"/>
      <xsl:text>" item="</xsl:text><xsl:value-of select="translate($item, '&quot;?', &quot;'.&quot;)"/>
      <xsl:text>" file="</xsl:text><xsl:value-of select="translate($file, '&quot;?', &quot;'.&quot;)"/>
      <xsl:text>" detail="</xsl:text><xsl:value-of select="translate($detail, '&quot;?', &quot;'.&quot;)"/>
      <xsl:text>"</xsl:text>
    </xsl:processing-instruction>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- The root: declare the target's namespaces once, on <manifest>. -->
  <xsl:template match="/">
    <xsl:apply-templates select="node()"/>
  </xsl:template>

  <xsl:template match="/*" priority="2">
    <xsl:element name="{local-name()}" namespace="{$cp}">
      <!-- manifest/@version is CC 1.0 only (prohibited from 1.1 on) -->
      <xsl:apply-templates select="@*[(local-name() != 'schemaLocation' or namespace-uri() != $XSI)
                                      and not(local-name() = 'version' and namespace-uri() = '' and $n != 0)]"/>
      <xsl:attribute name="xsi:schemaLocation">
        <xsl:call-template name="schema-location"/>
      </xsl:attribute>
      <xsl:if test="@version and $n != 0">
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'manifest-version-dropped'"/>
          <xsl:with-param name="detail" select="concat('manifest version=&quot;', @version, '&quot;: the attribute is prohibited from CC 1.1 on')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$fast"><xsl:apply-templates select="node()" mode="fast"/></xsl:when>
        <xsl:otherwise><xsl:apply-templates select="node()"/></xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- The target's pairs for the CC namespaces used, then any foreign
       pairs of the input kept as written. -->
  <xsl:template name="schema-location">
    <xsl:value-of select="concat($cp, ' ')"/>
    <xsl:call-template name="target-location"><xsl:with-param name="role" select="'cp'"/></xsl:call-template>
    <xsl:call-template name="location-pair"><xsl:with-param name="role" select="'lomm'"/></xsl:call-template>
    <xsl:if test="contains($present, ' res-meta ') or ($present = '' and //*[local-name() = 'resource']/*[local-name() = 'metadata'])">
      <xsl:call-template name="location-pair"><xsl:with-param name="role" select="'lomr'"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="contains($present, ' auth ') or ($present = '' and (//@*[contains(namespace-uri(), 'imsccauth_v1p')] or //*[contains(namespace-uri(), 'imsccauth_v1p')]))">
      <xsl:call-template name="location-pair"><xsl:with-param name="role" select="'auth'"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="contains($present, ' csm ') or ($present = '' and //*[contains(namespace-uri(), '/imscsmd_v1p')])">
      <xsl:call-template name="location-pair"><xsl:with-param name="role" select="'csm'"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="contains($present, ' cpx ') or ($present = '' and //*[contains(namespace-uri(), 'imscp_extensionv1p2')])">
      <xsl:call-template name="location-pair"><xsl:with-param name="role" select="'cpx'"/></xsl:call-template>
    </xsl:if>
    <xsl:call-template name="foreign-pairs">
      <xsl:with-param name="s" select="normalize-space(/*/@xsi:schemaLocation)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- " namespace location" of a role, nothing when the target lacks it -->
  <xsl:template name="location-pair">
    <xsl:param name="role"/>
    <xsl:variable name="ns"><xsl:call-template name="target-ns"><xsl:with-param name="role" select="$role"/></xsl:call-template></xsl:variable>
    <xsl:if test="$ns != ''">
      <xsl:value-of select="concat(' ', $ns, ' ')"/>
      <xsl:call-template name="target-location"><xsl:with-param name="role" select="$role"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="foreign-pairs">
    <xsl:param name="s"/>
    <xsl:if test="$s != ''">
      <xsl:variable name="ns" select="substring-before(concat($s, ' '), ' ')"/>
      <xsl:variable name="rest" select="substring-after($s, ' ')"/>
      <xsl:variable name="loc" select="substring-before(concat($rest, ' '), ' ')"/>
      <xsl:variable name="role"><xsl:call-template name="role"><xsl:with-param name="ns" select="$ns"/></xsl:call-template></xsl:variable>
      <xsl:if test="$role = '' and $loc != ''">
        <xsl:value-of select="concat(' ', $ns, ' ', $loc)"/>
      </xsl:if>
      <xsl:call-template name="foreign-pairs">
        <xsl:with-param name="s" select="substring-after($rest, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- Every element but the root: the dispatch (see the keys above).  -->
  <xsl:template match="*">
    <!-- Out of metadata and LOM, the same choice as in "dispatch" with
         fewer tests per element (the bulk of a manifest: items, files,
         dependencies, titles), and no local variable (each costs more
         than the local-name() it would save). -->
    <xsl:choose>
      <xsl:when test="local-name(..) = 'metadata' or local-name() = 'lom'"><xsl:call-template name="dispatch"/></xsl:when>
      <xsl:when test="local-name() = 'file'">
        <xsl:choose>
          <xsl:when test="local-name(..) = 'resource' and ../@type = 'assignment_xmlv1p0' and not(preceding-sibling::*[local-name() = 'file'])"><xsl:call-template name="assignment-first-file"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="element"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="local-name() = 'item'">
        <xsl:choose>
          <xsl:when test="@identifierref"><xsl:call-template name="item-with-ref"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="element"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="local-name() = 'resource'"><xsl:call-template name="resource"/></xsl:when>
      <xsl:when test="local-name() = 'dependency'"><xsl:call-template name="dependency"/></xsl:when>
      <xsl:when test="local-name() = 'metadata' and local-name(..) = 'resource'"><xsl:call-template name="resource-metadata"/></xsl:when>
      <xsl:when test="local-name() = 'variant' and contains(namespace-uri(), 'imscp_extensionv1p2')"><xsl:call-template name="variant"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="element"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="dispatch">
    <xsl:variable name="ln" select="local-name()"/>
    <xsl:variable name="pn" select="local-name(..)"/>
    <!-- a child of the cartridge's metadata (/manifest/metadata/*) -->
    <xsl:variable name="top-meta" select="$pn = 'metadata' and count(../../ancestor::node()) = 1"/>
    <!-- a child of a resource's metadata -->
    <xsl:variable name="res-meta" select="$pn = 'metadata' and local-name(../..) = 'resource'"/>
    <xsl:choose>
      <xsl:when test="$top-meta and contains(namespace-uri(), '/imscsmd_v1p0')"><xsl:call-template name="manifest-csm"/></xsl:when>
      <xsl:when test="$top-meta and $ln = 'schema'"><xsl:call-template name="manifest-schema"/></xsl:when>
      <xsl:when test="$top-meta and $ln = 'schemaversion'"><xsl:call-template name="manifest-schemaversion"/></xsl:when>
      <xsl:when test="$res-meta and ($ln = 'schema' or $ln = 'schemaversion')"><xsl:call-template name="resource-schema"/></xsl:when>
      <xsl:when test="$res-meta and contains(namespace-uri(), '/imscsmd_v1p0')"><xsl:call-template name="resource-csm"/></xsl:when>
      <xsl:when test="$res-meta and $ln = 'lom' and (contains(namespace-uri(), '/LOM/resource') or namespace-uri() = 'http://ltsc.ieee.org/xsd/LOM')"><xsl:call-template name="resource-lom"/></xsl:when>
      <xsl:when test="$n = 0 and $ln = 'lom' and $pn = 'metadata' and not($top-meta) and (namespace-uri() = 'http://ltsc.ieee.org/xsd/imscc/LOM' or (starts-with(namespace-uri(), 'http://ltsc.ieee.org/xsd/imscc') and contains(namespace-uri(), '/LOM/manifest')))">
        <xsl:call-template name="lom-to-plain"/>
      </xsl:when>
      <xsl:when test="$ln = 'item' and @identifierref"><xsl:call-template name="item-with-ref"/></xsl:when>
      <xsl:when test="$ln = 'resource'"><xsl:call-template name="resource"/></xsl:when>
      <xsl:when test="$ln = 'metadata' and $pn = 'resource'"><xsl:call-template name="resource-metadata"/></xsl:when>
      <xsl:when test="$ln = 'dependency'"><xsl:call-template name="dependency"/></xsl:when>
      <xsl:when test="$ln = 'variant' and contains(namespace-uri(), 'imscp_extensionv1p2')"><xsl:call-template name="variant"/></xsl:when>
      <xsl:when test="$ln = 'file' and $pn = 'resource' and ../@type = 'assignment_xmlv1p0' and not(preceding-sibling::*[local-name() = 'file'])"><xsl:call-template name="assignment-first-file"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="element"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Generic element: CC namespaces are renamed, foreign kept.      -->
  <xsl:template name="element">
    <xsl:choose>
      <!-- the common case, without a result tree fragment per element -->
      <xsl:when test="$root-cp and namespace-uri() = $root-ns">
        <xsl:element name="{name()}" namespace="{$cp}">
          <xsl:apply-templates select="@*|node()"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="element-by-role"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="element-by-role">
    <xsl:variable name="role"><xsl:call-template name="role"><xsl:with-param name="ns" select="namespace-uri()"/></xsl:call-template></xsl:variable>
    <xsl:variable name="ns"><xsl:call-template name="target-ns"><xsl:with-param name="role" select="$role"/></xsl:call-template></xsl:variable>
    <xsl:choose>
      <xsl:when test="$role = ''">
        <xsl:apply-templates select="." mode="foreign"/>
      </xsl:when>
      <xsl:when test="$ns = ''">
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="concat($role, '-not-in-version')"/>
          <xsl:with-param name="resource" select="ancestor::*[local-name() = 'resource'][1]/@identifier"/>
          <xsl:with-param name="detail" select="concat('&lt;', name(), '&gt; has no CC ', $to, ' namespace: dropped')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{name()}" namespace="{$ns}">
          <xsl:apply-templates select="@*|node()"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Most attributes have no namespace: copied without asking the
       role template (a result tree fragment per call, the bulk of the
       time on a large manifest). -->
  <xsl:template match="@*">
    <xsl:choose>
      <xsl:when test="namespace-uri() = ''"><xsl:copy/></xsl:when>
      <xsl:otherwise><xsl:call-template name="ns-attribute"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ns-attribute">
    <xsl:variable name="role"><xsl:call-template name="role"><xsl:with-param name="ns" select="namespace-uri()"/></xsl:call-template></xsl:variable>
    <xsl:choose>
      <xsl:when test="$role = ''"><xsl:copy/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="ns"><xsl:call-template name="target-ns"><xsl:with-param name="role" select="$role"/></xsl:call-template></xsl:variable>
        <xsl:if test="$ns != ''">
          <xsl:attribute name="{name()}" namespace="{$ns}"><xsl:value-of select="."/></xsl:attribute>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="text()">
    <xsl:choose>
      <xsl:when test="contains(., 'IMSGLC_CC_Rolesv1p') and starts-with(normalize-space(.), 'IMSGLC_CC_Rolesv1p')"><xsl:call-template name="role-text"/></xsl:when>
      <xsl:otherwise><xsl:copy/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="comment()|processing-instruction()">
    <xsl:copy/>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- Mode "fast": the bulk of a manifest (organizations, items,
       titles, resources, files, dependencies of the five CP namespaces)
       with the default mode's result, cheaper: templates found by name,
       not by tests; xsl:element with a constant name, and for the many
       (titles, items, files, dependencies) a constant namespace: libxslt
       compiles an AVT on every call (see $v1); attributes copied at once
       and text by the built-in rule (the tree is "plain", see $fast).
       Anything else goes to the default mode. -->
  <xsl:template match="*" mode="fast">
    <xsl:apply-templates select="."/>
  </xsl:template>
  <xsl:template match="comment()|processing-instruction()" mode="fast">
    <xsl:copy/>
  </xsl:template>

  <xsl:template match="c0:organizations|c1:organizations|c2:organizations|c3:organizations|c4:organizations" mode="fast">
    <xsl:element name="organizations" namespace="{$cp}"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element>
  </xsl:template>
  <xsl:template match="c0:organization|c1:organization|c2:organization|c3:organization|c4:organization" mode="fast">
    <xsl:element name="organization" namespace="{$cp}"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element>
  </xsl:template>
  <xsl:template match="c0:title|c1:title|c2:title|c3:title|c4:title" mode="fast">
    <xsl:choose>
      <xsl:when test="$v1"><xsl:element name="title" namespace="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
      <xsl:when test="$v3"><xsl:element name="title" namespace="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
      <xsl:when test="$v2"><xsl:element name="title" namespace="http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
      <xsl:when test="$v4"><xsl:element name="title" namespace="http://www.imsglobal.org/xsd/imsccv1p4/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
      <xsl:otherwise><xsl:element name="title" namespace="http://www.imsglobal.org/xsd/imscc/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="c0:resources|c1:resources|c2:resources|c3:resources|c4:resources" mode="fast">
    <xsl:element name="resources" namespace="{$cp}"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element>
  </xsl:template>

  <!-- An item whose resource stays (not one of $dropped, or
       item-with-ref's first test). -->
  <xsl:template match="c0:item|c1:item|c2:item|c3:item|c4:item" mode="fast">
    <xsl:choose>
      <xsl:when test="not(@identifierref) or ($few-dropped and not(@identifierref = $dropped))
                      or not($few-dropped) and $thin != '1' and key('res', @identifierref)[1]/parent::*[@type = 'webcontent' or starts-with(@type, 'imsdt_xmlv') or starts-with(@type, 'imswl_xmlv')
                      or (starts-with(@type, 'imsqti_xmlv') and substring-after(substring-after(@type, '/'), '/') = 'assessment')
                      or ($n != 0 and starts-with(@type, 'imsbasiclti_xmlv'))]">
        <xsl:choose>
          <xsl:when test="$v1"><xsl:element name="item" namespace="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v3"><xsl:element name="item" namespace="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v2"><xsl:element name="item" namespace="http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v4"><xsl:element name="item" namespace="http://www.imsglobal.org/xsd/imsccv1p4/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:otherwise><xsl:element name="item" namespace="http://www.imsglobal.org/xsd/imscc/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <!-- Thin: a leaf item of a resource that is not a link goes with it -->
      <xsl:when test="$thin = '1' and not(*[local-name() = 'item'])
                      and key('res', @identifierref)[1]/parent::*[not(starts-with(@type, 'imswl_xmlv') or starts-with(@type, 'imsbasiclti_xmlv'))]">
        <!-- the loss template's record, written out (as for Thin's resources) -->
        <xsl:processing-instruction name="cckit-loss">kind="dropped" code="item-dropped" resource="<xsl:value-of
            select="translate(@identifierref, '&quot;?', &quot;'.&quot;)"/>" item="<xsl:value-of
            select="translate(@identifier, '&quot;?', &quot;'.&quot;)"/>" file="" detail="<xsl:value-of
            select="translate(concat('item &quot;', normalize-space(*[local-name() = 'title']), '&quot; pointed to a dropped resource'), '&quot;?', &quot;'.&quot;)"/>"</xsl:processing-instruction>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A dependency on a resource that stays. -->
  <xsl:template match="c0:dependency|c1:dependency|c2:dependency|c3:dependency|c4:dependency" mode="fast">
    <xsl:choose>
      <xsl:when test="($few-dropped and not(@identifierref = $dropped))
                      or not($few-dropped) and $thin != '1' and key('res', @identifierref)[1]/parent::*[@type = 'webcontent' or starts-with(@type, 'imsdt_xmlv') or starts-with(@type, 'imswl_xmlv')
                      or (starts-with(@type, 'imsqti_xmlv') and substring-after(substring-after(@type, '/'), '/') = 'assessment')
                      or ($n != 0 and starts-with(@type, 'imsbasiclti_xmlv'))]">
        <xsl:choose>
          <xsl:when test="$v1"><xsl:element name="dependency" namespace="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v3"><xsl:element name="dependency" namespace="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v2"><xsl:element name="dependency" namespace="http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v4"><xsl:element name="dependency" namespace="http://www.imsglobal.org/xsd/imsccv1p4/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:otherwise><xsl:element name="dependency" namespace="http://www.imsglobal.org/xsd/imscc/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A file, but the first of an assignment (assignment-first-file). -->
  <xsl:template match="c0:file|c1:file|c2:file|c3:file|c4:file" mode="fast">
    <xsl:choose>
      <xsl:when test="../@type = 'assignment_xmlv1p0'"><xsl:apply-templates select="."/></xsl:when>
      <xsl:otherwise>
        <xsl:choose>
          <xsl:when test="$v1"><xsl:element name="file" namespace="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v3"><xsl:element name="file" namespace="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v2"><xsl:element name="file" namespace="http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:when test="$v4"><xsl:element name="file" namespace="http://www.imsglobal.org/xsd/imsccv1p4/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:when>
          <xsl:otherwise><xsl:element name="file" namespace="http://www.imsglobal.org/xsd/imscc/imscp_v1p1"><xsl:copy-of select="@*"/><xsl:apply-templates mode="fast"/></xsl:element></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A resource of a kind every target but Thin holds, without
       intendeduse and (below 1.3) without a variant that could make it
       a merged fallback: the "resource" template's result, its type
       written for the target (type-renamed when that changes it).  Web
       content, most of a cartridge, keeps its type as it is. -->
  <xsl:template match="c0:resource|c1:resource|c2:resource|c3:resource|c4:resource" mode="fast">
    <xsl:choose>
      <!-- Thin: anything but a link goes (associated content of an
           assignment is named web content: the default mode says so) -->
      <xsl:when test="$thin = '1' and not(starts-with(@type, 'imswl_xmlv') or starts-with(@type, 'imsbasiclti_xmlv') or starts-with(@type, 'associatedcontent/'))">
        <xsl:variable name="kind"><xsl:call-template name="kind"/></xsl:variable>
        <xsl:processing-instruction name="cckit-loss">kind="dropped" code="thin-not-a-link" resource="<xsl:value-of
            select="translate(@identifier, '&quot;?', &quot;'.&quot;)"/>" item="" file="<xsl:value-of
            select="translate((@href | *[local-name() = 'file']/@href)[1], '&quot;?', &quot;'.&quot;)"/>" detail="<xsl:value-of
            select="translate(concat('a Thin CC holds only web links and LTI links: ', $kind, ' resource dropped with its files'), '&quot;?', &quot;'.&quot;)"/>"</xsl:processing-instruction>
      </xsl:when>
      <xsl:when test="$thin = '1' or @intendeduse or ($n &lt; 3 and *[local-name() = 'variant'])"><xsl:apply-templates select="."/></xsl:when>
      <xsl:when test="@type = 'webcontent'">
        <xsl:element name="resource" namespace="{$cp}">
          <xsl:copy-of select="@*[local-name() != 'type' and local-name() != 'href']"/>
          <xsl:copy-of select="@type"/>
          <xsl:copy-of select="@href"/>
          <xsl:apply-templates mode="fast"/>
        </xsl:element>
      </xsl:when>
      <xsl:when test="starts-with(@type, 'imsdt_xmlv')">
        <xsl:call-template name="fast-resource"><xsl:with-param name="type" select="concat('imsdt_xmlv1p', $n)"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="starts-with(@type, 'imswl_xmlv')">
        <xsl:call-template name="fast-resource"><xsl:with-param name="type" select="concat('imswl_xmlv1p', $n)"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="starts-with(@type, 'imsqti_xmlv') and substring-after(substring-after(@type, '/'), '/') = 'assessment'">
        <xsl:call-template name="fast-resource"><xsl:with-param name="type" select="concat('imsqti_xmlv1p2/imscc_xmlv1p', $n, '/assessment')"/></xsl:call-template>
      </xsl:when>
      <!-- BLTI keeps xmlv1p0 until 1.3 (target-type); CC 1.0 has none -->
      <xsl:when test="$n &gt;= 3 and starts-with(@type, 'imsbasiclti_xmlv')">
        <xsl:call-template name="fast-resource"><xsl:with-param name="type" select="concat('imsbasiclti_xmlv1p', $n)"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$n != 0 and starts-with(@type, 'imsbasiclti_xmlv')">
        <xsl:call-template name="fast-resource"><xsl:with-param name="type" select="'imsbasiclti_xmlv1p0'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="fast-resource">
    <xsl:param name="type"/>
    <xsl:element name="resource" namespace="{$cp}">
      <xsl:copy-of select="@*[local-name() != 'type' and local-name() != 'href']"/>
      <xsl:attribute name="type"><xsl:value-of select="$type"/></xsl:attribute>
      <xsl:copy-of select="@href"/>
      <!-- the loss template's record, written out: one per resource of
           a cartridge of another version -->
      <xsl:if test="$type != @type">
        <xsl:processing-instruction name="cckit-loss">kind="changed" code="type-renamed" resource="<xsl:value-of
            select="translate(@identifier, '&quot;?', &quot;'.&quot;)"/>" item="" file="" detail="<xsl:value-of
            select="translate(concat(@type, ' -> ', $type), '&quot;?', &quot;'.&quot;)"/>"</xsl:processing-instruction>
      </xsl:if>
      <xsl:apply-templates mode="fast"/>
    </xsl:element>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- Cartridge metadata: schema and version of the target.          -->
  <xsl:template name="manifest-schema">
    <xsl:variable name="out">
      <xsl:choose>
        <!-- K-12 flavours exist in CC 1.4 only -->
        <xsl:when test="$n = 4 and $thin = '1' and $in-schema = 'IMS K-12 Thin Common Cartridge'">IMS K-12 Thin Common Cartridge</xsl:when>
        <xsl:when test="$n = 4 and $thin != '1' and $in-schema = 'IMS K-12 Common Cartridge'">IMS K-12 Common Cartridge</xsl:when>
        <xsl:when test="$thin = '1'">IMS Thin Common Cartridge</xsl:when>
        <xsl:otherwise>IMS Common Cartridge</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="starts-with($in-schema, 'IMS K-12') and $n != 4">
      <xsl:call-template name="loss">
        <xsl:with-param name="code" select="'k12-dropped'"/>
        <xsl:with-param name="detail" select="concat('schema &quot;', $in-schema, '&quot; -> &quot;', $out, '&quot;: the K-12 flavour exists in CC 1.4 only')"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:element name="{name()}" namespace="{$cp}"><xsl:value-of select="$out"/></xsl:element>
  </xsl:template>

  <xsl:template name="manifest-schemaversion">
    <xsl:element name="{name()}" namespace="{$cp}"><xsl:value-of select="concat($to, '.0')"/></xsl:element>
  </xsl:template>

  <!-- CSM in the manifest metadata: 1.3 only. -->
  <xsl:template name="manifest-csm">
    <xsl:choose>
      <xsl:when test="$n &gt;= 3"><xsl:call-template name="csm"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'csm-dropped'"/>
          <xsl:with-param name="detail" select="concat('curriculum standards metadata of the cartridge: CC ', $to, ' has none at manifest level')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- CSM in resource metadata: 1.2 and 1.3. -->
  <xsl:template name="resource-csm">
    <xsl:choose>
      <xsl:when test="$n &gt;= 2"><xsl:call-template name="csm"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'csm-dropped'"/>
          <xsl:with-param name="resource" select="../../@identifier"/>
          <xsl:with-param name="detail" select="concat('curriculum standards metadata: CC ', $to, ' has none')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="csm">
    <xsl:element name="{name()}" namespace="{concat('http://www.imsglobal.org/xsd/imsccv1p', $n, '/imscsmd_', $csmv)}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- schema/schemaversion inside resource metadata: 1.3 and later; CC
       1.0's generic metadata also has them. -->
  <xsl:template name="resource-schema">
    <xsl:choose>
      <xsl:when test="$n &gt;= 3 or $n = 0">
        <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'resource-schema-dropped'"/>
          <xsl:with-param name="resource" select="../../@identifier"/>
          <xsl:with-param name="detail" select="concat('&lt;', local-name(), '&gt; ', normalize-space(.), ' in resource metadata: CC 1.0 and 1.3 or later only')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- LOM role vocabulary is versioned in 1.0 - 1.2. -->
  <xsl:template name="role-text">
    <xsl:choose>
      <xsl:when test="$n &lt;= 2">
        <xsl:value-of select="concat('IMSGLC_CC_Rolesv1p', $n)"/>
      </xsl:when>
      <xsl:otherwise><xsl:copy/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- Items: an item whose resource is dropped goes too (a folder    -->
  <!-- only loses its identifierref: CC items with children have none) -->
  <xsl:template name="item-with-ref">
    <xsl:variable name="r" select="key('res', @identifierref)[1]/.."/>
    <xsl:choose>
      <!-- kept for sure (drop-reason's first test): no fragment for $why -->
      <xsl:when test="not($r) or ($thin != '1' and ($r/@type = 'webcontent' or starts-with($r/@type, 'imsdt_xmlv') or starts-with($r/@type, 'imswl_xmlv')
                      or (starts-with($r/@type, 'imsqti_xmlv') and substring-after(substring-after($r/@type, '/'), '/') = 'assessment')))">
        <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="item-with-ref-checked"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="item-with-ref-checked">
    <xsl:param name="r"/>
    <xsl:variable name="why">
      <xsl:if test="$r"><xsl:call-template name="drop-reason"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$why = ''">
        <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:when>
      <xsl:when test="*[local-name() = 'item']">
        <xsl:call-template name="loss">
          <xsl:with-param name="code" select="'item-unlinked'"/>
          <xsl:with-param name="item" select="@identifier"/>
          <xsl:with-param name="resource" select="@identifierref"/>
          <xsl:with-param name="detail" select="'its resource is dropped: the item stays as a folder'"/>
        </xsl:call-template>
        <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*[local-name() != 'identifierref']|node()"/></xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'item-dropped'"/>
          <xsl:with-param name="item" select="@identifier"/>
          <xsl:with-param name="resource" select="@identifierref"/>
          <xsl:with-param name="detail" select="concat('item &quot;', normalize-space(*[local-name() = 'title']), '&quot; pointed to a dropped resource')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- Resources.                                                     -->
  <xsl:template name="resource">
    <xsl:variable name="kind0"><xsl:call-template name="kind"/></xsl:variable>
    <!-- Associated content of an assignment becomes web content with it
         below 1.3 (web content may depend only on web content). -->
    <xsl:variable name="assoc-of-assignment"
        select="$n &lt; 3 and $kind0 = 'associatedcontent' and key('dep', @identifier)"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="$assoc-of-assignment">webcontent</xsl:when>
        <xsl:otherwise><xsl:value-of select="$kind0"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="why"><xsl:call-template name="drop-reason"/></xsl:variable>
    <xsl:variable name="merged"><xsl:call-template name="merged-fallback"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$why = '' and $merged != ''">
        <xsl:call-template name="loss">
          <xsl:with-param name="code" select="'fallback-merged'"/>
          <xsl:with-param name="resource" select="@identifier"/>
          <xsl:with-param name="file" select="*[local-name() = 'file'][1]/@href"/>
          <xsl:with-param name="detail" select="concat('web content fallback of assignment ', $merged, ': its files now belong to the web page of that assignment')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$why != ''">
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="$why"/>
          <xsl:with-param name="resource" select="@identifier"/>
          <xsl:with-param name="file" select="(@href | *[local-name() = 'file']/@href)[1]"/>
          <xsl:with-param name="detail">
            <xsl:choose>
              <xsl:when test="$why = 'thin-not-a-link'">a Thin CC holds only web links and LTI links: <xsl:value-of select="$kind"/> resource dropped with its files</xsl:when>
              <xsl:when test="$why = 'extra-question-bank'">CC <xsl:value-of select="$to"/> allows one question bank: the first (<xsl:value-of select="$first-qb/@identifier"/>) is kept, this one is dropped with its files</xsl:when>
              <xsl:otherwise><xsl:value-of select="@type"/> does not exist in CC <xsl:value-of select="$to"/>: dropped with its files</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="type"><xsl:call-template name="target-type"><xsl:with-param name="kind" select="$kind"/></xsl:call-template></xsl:variable>
        <xsl:element name="{name()}" namespace="{$cp}">
          <xsl:apply-templates select="@*[local-name() != 'type' and local-name() != 'intendeduse' and local-name() != 'href']"/>
          <xsl:attribute name="type">
            <xsl:choose>
              <xsl:when test="$type != '' and $n &gt;= 3 and $kind = 'assignment'">assignment_xmlv1p0</xsl:when>
              <xsl:when test="$type != ''"><xsl:value-of select="$type"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="@type"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:call-template name="resource-href"><xsl:with-param name="kind" select="$kind"/></xsl:call-template>
          <xsl:call-template name="intendeduse"/>
          <xsl:if test="$n = 4 and @*[contains(namespace-uri(), 'imsccauth_v1p')]">
            <xsl:call-template name="loss">
              <xsl:with-param name="kind" select="'dropped'"/>
              <xsl:with-param name="code" select="'auth-not-in-version'"/>
              <xsl:with-param name="resource" select="@identifier"/>
              <xsl:with-param name="detail" select="'protected: CC 1.4 has no authorization: the resource is no longer protected'"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:if test="$assoc-of-assignment">
            <xsl:call-template name="loss">
              <xsl:with-param name="code" select="'associatedcontent-to-webcontent'"/>
              <xsl:with-param name="resource" select="@identifier"/>
              <xsl:with-param name="detail" select="concat(@type, ' -> webcontent: it belongs to an assignment, which becomes web content')"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:if test="$type != '' and $type != @type and $kind != 'assignment' and not($assoc-of-assignment)">
            <xsl:call-template name="loss">
              <xsl:with-param name="code" select="'type-renamed'"/>
              <xsl:with-param name="resource" select="@identifier"/>
              <xsl:with-param name="detail" select="concat(@type, ' -> ', $type)"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:apply-templates select="node()"/>
          <xsl:if test="$kind = 'assignment' and $n &lt; 3"><xsl:call-template name="fallback-files"/></xsl:if>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An assignment below 1.3 becomes web content whose href is a page
       (never its XML descriptor): see assignment-page. -->
  <xsl:template name="resource-href">
    <xsl:param name="kind"/>
    <xsl:choose>
      <xsl:when test="$kind = 'assignment' and $n &lt; 3">
        <xsl:variable name="page"><xsl:call-template name="assignment-page"/></xsl:variable>
        <xsl:if test="$page != ''">
          <xsl:attribute name="href"><xsl:value-of select="$page"/></xsl:attribute>
        </xsl:if>
        <xsl:call-template name="loss">
          <xsl:with-param name="code" select="'assignment-to-webcontent'"/>
          <xsl:with-param name="resource" select="@identifier"/>
          <xsl:with-param name="file" select="$page"/>
          <xsl:with-param name="detail" select="concat('CC ', $to, ' has no assignments: the assignment is now a web page (', $page, ')')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@href"><xsl:apply-templates select="@href"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The page an assignment becomes below 1.3, first found of: the HTML
       file of its web content fallback (Canvas), its own href when that
       is not the descriptor, the page convert.c generates beside the
       descriptor (descriptor.xml -> descriptor.html).  convert.c reads
       the result back from the output manifest, so this is the one
       place that decides. -->
  <xsl:template name="assignment-page">
    <xsl:variable name="fb" select="key('variant', @identifier)/../../*[local-name() = 'file']
        [substring(@href, string-length(@href) - 4) = '.html' or substring(@href, string-length(@href) - 3) = '.htm'][1]/@href"/>
    <xsl:variable name="own" select="@href[substring(., string-length(.) - 3) != '.xml']"/>
    <xsl:variable name="d" select="(@href[substring(., string-length(.) - 3) = '.xml'] | *[local-name() = 'file'][substring(@href, string-length(@href) - 3) = '.xml']/@href)[1]"/>
    <xsl:choose>
      <xsl:when test="$fb"><xsl:value-of select="$fb"/></xsl:when>
      <xsl:when test="$own"><xsl:value-of select="$own"/></xsl:when>
      <xsl:when test="$d"><xsl:value-of select="concat(substring($d, 1, string-length($d) - 4), '.html')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A web content fallback of an assignment that becomes a web page
       below 1.3 merges into it (its files join the assignment's), unless
       something else points at it. -->
  <xsl:template name="merged-fallback">
    <xsl:variable name="v" select="*[local-name() = 'variant' and contains(namespace-uri(), 'imscp_extensionv1p2')]"/>
    <xsl:if test="$n &lt; 3 and @type = 'webcontent' and count($v) = 1
                  and key('res', $v/@identifierref)[1]/../@type = 'assignment_xmlv1p0'
                  and not(//*[(local-name() = 'item' or local-name() = 'dependency') and @identifierref = current()/@identifier])">
      <xsl:value-of select="$v/@identifierref"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="intendeduse">
    <xsl:choose>
      <xsl:when test="not(@intendeduse)"/>
      <xsl:when test="$n = 0">
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'intendeduse-dropped'"/>
          <xsl:with-param name="resource" select="@identifier"/>
          <xsl:with-param name="detail" select="concat('intendeduse=&quot;', @intendeduse, '&quot;: CC 1.0 has no intendeduse: removed')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@intendeduse = 'assignment' and $n = 1">
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'intendeduse-dropped'"/>
          <xsl:with-param name="resource" select="@identifier"/>
          <xsl:with-param name="detail" select="'intendeduse=&quot;assignment&quot; exists from CC 1.2 on: removed'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="@intendeduse"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Files of an assignment below 1.3: its page joins them (before the
       first) when the resource does not list it, and after the last come
       the files of a fallback merged into it.  (The first file is found
       with a sibling test, not a positional [1].) -->
  <xsl:template name="assignment-first-file">
    <xsl:if test="$n &lt; 3">
      <xsl:variable name="page"><xsl:for-each select=".."><xsl:call-template name="assignment-page"/></xsl:for-each></xsl:variable>
      <xsl:variable name="fbfiles" select="key('variant', ../@identifier)/../../*[local-name() = 'file']"/>
      <xsl:if test="$page != '' and not(../*[local-name() = 'file'][@href = $page]) and not($fbfiles[@href = $page])">
        <xsl:element name="{name()}" namespace="{$cp}">
          <xsl:attribute name="href"><xsl:value-of select="$page"/></xsl:attribute>
        </xsl:element>
      </xsl:if>
    </xsl:if>
    <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*|node()"/></xsl:element>
  </xsl:template>

  <xsl:template name="fallback-files">
    <xsl:variable name="own" select="*[local-name() = 'file']"/>
    <xsl:for-each select="key('variant', @identifier)/../..">
      <xsl:variable name="merged"><xsl:call-template name="merged-fallback"/></xsl:variable>
      <xsl:if test="$merged != ''">
        <xsl:for-each select="*[local-name() = 'file'][not(@href = $own/@href)]">
          <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*"/></xsl:element>
        </xsl:for-each>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Dependencies on dropped resources go with them. -->
  <xsl:template name="dependency">
    <xsl:variable name="r" select="key('res', @identifierref)[1]/.."/>
    <xsl:choose>
      <!-- kept for sure (drop-reason's first test): no fragment for $why -->
      <xsl:when test="not($r) or ($thin != '1' and ($r/@type = 'webcontent' or starts-with($r/@type, 'imsdt_xmlv') or starts-with($r/@type, 'imswl_xmlv')
                      or (starts-with($r/@type, 'imsqti_xmlv') and substring-after(substring-after($r/@type, '/'), '/') = 'assessment')))">
        <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="dependency-checked"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="dependency-checked">
    <xsl:param name="r"/>
    <xsl:variable name="why">
      <xsl:if test="$r"><xsl:call-template name="drop-reason"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$why = ''">
        <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'dependency-dropped'"/>
          <xsl:with-param name="resource" select="../@identifier"/>
          <xsl:with-param name="detail" select="concat('dependency on dropped resource ', @identifierref)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- variant (CP extension) exists in 1.3 only. -->
  <xsl:template name="variant">
    <xsl:variable name="r" select="key('res', @identifierref)[1]/.."/>
    <xsl:variable name="why">
      <xsl:if test="$r"><xsl:call-template name="drop-reason"><xsl:with-param name="r" select="$r"/></xsl:call-template></xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$n = 3 and $why = ''">
        <xsl:element name="{name()}" namespace="http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2">
          <xsl:apply-templates select="@*|node()"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'variant-dropped'"/>
          <xsl:with-param name="resource" select="../@identifier"/>
          <xsl:with-param name="detail" select="concat('variant pointing to ', @identifierref, ': CC ', $to, ' has no variants')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Resource-level LOM of 1.1 and 1.2 is a closed profile holding only
       <educational> (context, intendedEndUserRole): 1.3's loose LOM
       elements (general, rights, ...) are dropped one by one, and a LOM
       left without <educational> is dropped whole. -->
  <xsl:template name="resource-lom">
    <xsl:choose>
      <xsl:when test="$n &gt;= 3 or $n = 0">
        <xsl:element name="{name()}" namespace="{$lomr}">
          <xsl:apply-templates select="@*|node()"/>
        </xsl:element>
      </xsl:when>
      <xsl:when test="*[local-name() = 'educational']">
        <xsl:for-each select="*[local-name() != 'educational']">
          <xsl:call-template name="loss">
            <xsl:with-param name="kind" select="'dropped'"/>
            <xsl:with-param name="code" select="'resource-lom-dropped'"/>
            <xsl:with-param name="resource" select="../../../@identifier"/>
            <xsl:with-param name="detail" select="concat('resource LOM &lt;', local-name(), '&gt;: the CC ', $to, ' resource LOM profile holds only educational')"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:element name="{name()}" namespace="{concat('http://ltsc.ieee.org/xsd/imsccv1p', $n, '/LOM/resource')}">
          <xsl:apply-templates select="@*|*[local-name() = 'educational']"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="loss">
          <xsl:with-param name="kind" select="'dropped'"/>
          <xsl:with-param name="code" select="'resource-lom-dropped'"/>
          <xsl:with-param name="resource" select="../../@identifier"/>
          <xsl:with-param name="detail" select="concat('resource LOM without educational (', count(*), ' element(s)): the CC ', $to, ' resource LOM profile holds only educational')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A manifest-profile LOM below the cartridge metadata (on an
       organization or item, as D2L writes): CC 1.0 takes only the plain
       IEEE LOM there, whose loose model holds the same elements. -->
  <xsl:template name="lom-to-plain">
    <xsl:call-template name="loss">
      <xsl:with-param name="code" select="'lom-namespace-changed'"/>
      <xsl:with-param name="item" select="ancestor::*[local-name() = 'item'][1]/@identifier"/>
      <xsl:with-param name="detail" select="concat('LOM in the metadata of &lt;', local-name(../..), '&gt; moves to the plain LOM namespace (CC 1.0 has no manifest LOM there)')"/>
    </xsl:call-template>
    <xsl:apply-templates select="." mode="plain-lom"/>
  </xsl:template>
  <xsl:template match="*" mode="plain-lom">
    <xsl:element name="{local-name()}" namespace="http://ltsc.ieee.org/xsd/LOM">
      <xsl:copy-of select="@*[namespace-uri() = '']"/>
      <xsl:apply-templates select="node()" mode="plain-lom"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="text()|comment()" mode="plain-lom">
    <xsl:copy/>
  </xsl:template>

  <!-- Resource metadata: below 1.3 an element holding only what the
       target lacks (LTI-link LOM, schema/schemaversion, CSM in 1.1) is
       left out rather than kept empty. -->
  <xsl:template name="resource-metadata">
    <xsl:variable name="kept" select="*[not(contains(namespace-uri(), '/LOM/imscclti') or local-name() = 'schema' or local-name() = 'schemaversion' or contains(namespace-uri(), '/imscsmd_v1p')
                                              or (local-name() = 'lom' and not(*[local-name() = 'educational'])))]
                                      | *[contains(namespace-uri(), '/imscsmd_v1p')][$n &gt;= 2]"/>
    <xsl:choose>
      <xsl:when test="($n = 1 or $n = 2) and not($kept)">
        <xsl:apply-templates select="*"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{name()}" namespace="{$cp}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Inline (embedded) descriptors of 1.3 are extracted by convert.c
       before this stylesheet runs; none should be left here. -->

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
