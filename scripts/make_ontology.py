"""Regenerate ontology/gongfu.ttl from the term table below (a maintainer tool; the TTL is what the build reads)."""
C = []  # (name, zh, en, super, comment)
P = []  # (name, kind, zh, en, domain, range, comment, extra)
def c(*a): C.append(a)
def p(*a): P.append(a)
c("Document","文档","Document",None,"A source document (brief, compilation, newspaper page, reform table, report) that cases are read from.")
c("Case","案例","Case",None,"A practice case: what a region did, as reported in one document; identified by document and ordinal.")
c("Region","行政区","Region",None,"An administrative region of China (province, city, county, township or village).")
c("Province","省级行政区","Province","Region","A province-level unit (浙江省, 上海市); adcode NN0000.")
c("City","地级市","City","Region","A prefecture-level city (台州市); adcode NNNN00.")
c("County","县级行政区","County","Region","A county-level unit: county, county-level city or district (椒江区, 景宁畲族自治县).")
c("Township","乡镇街道","Township","Region","A township, town or sub-district (镇/乡/街道) under a county; it has no adcode here.")
c("Village","村社区","Village","Region","A village or community (村/社区) under a township or county; it has no adcode here.")
c("Department","部门","Department","org:Organization","A government department, party organ, court, procuratorate, people's congress or CPPCC office, federation, financial regulator or central-bank branch acting in a case.")
c("Mechanism","机制","Mechanism","skos:Concept","A named, reusable policy instrument, model, platform or programme (共富工坊, 飞地, 山海协作) in the mechanism scheme.")
c("MechanismScheme","机制体系","Mechanism scheme","skos:ConceptScheme","The curated SKOS scheme of mechanisms, with broader/narrower links.")
c("Category","示范领域","Category","skos:Concept","A demonstration area heading under which a case is filed (经济高质量发展先行示范 …).")
c("Indicator","指标","Indicator",None,"A quantitative statement of a case: a value with unit, metric, period and kind (outcome or target).")
c("LeaderEndorsement","领导批示肯定","Leader endorsement",None,"A named or titled political leader's endorsement of a case (批示, 肯定, 点赞, 调研 …).")
c("Person","人物","Person","prov:Agent","A named person, such as a leader who endorsed a case; merged across cases by name.")
c("Recognition","荣誉认可","Recognition",None,"An award, selection, pilot designation or media coverage of a case (not a leader endorsement).")
c("Evidence","证据","Evidence",None,"A quoted span of a document: the sentence a fact was read from, with its character offsets.")
c("RegionRole","地区角色","Region role",None,"A qualified link from a case to a region with its role (primary, partner, mentioned) and evidence.")
c("DepartmentRole","部门参与","Department role",None,"A qualified link from a case to a department with the surface form and evidence.")
c("MechanismUse","机制应用","Mechanism use",None,"A qualified link from a case to a mechanism with the surface form and evidence.")
O="object"; D="datatype"
p("sourceDocument",O,"来源文档","source document","Case","Document","The document a case is read from.","functional subprop dcterms:isPartOf")
p("ordinal",D,"序号","ordinal","Case","xsd:integer","The 1-based position of a case in its document.","functional")
p("number",D,"印刷编号","printed number","Case","xsd:string","The number the document prints for a case (may differ from the ordinal).","")
p("starred",D,"带星号","starred","Case","xsd:boolean","True when the printed number carries a star (9*).","")
p("category",O,"示范领域","category","Case","Category","The category heading a case sits under.","")
p("startOffset",D,"起始位置","start offset",None,"xsd:integer","Character offset (0-based, inclusive) into the document text.","")
p("endOffset",D,"结束位置","end offset",None,"xsd:integer","Character offset (exclusive) into the document text.","")
p("involvesRegion",O,"涉及地区","involves region","Case","Region","A region involved in a case, in any role.","")
p("primaryRegion",O,"实施地区","primary region","Case","Region","A region that carries out the case.","subprop gf:involvesRegion")
p("partnerRegion",O,"协作地区","partner region","Case","Region","A region on the other side of the practice (山海协作 pair, 飞地 host or beneficiary, 结对 counterpart).","subprop gf:involvesRegion")
p("mentionedRegion",O,"提及地区","mentioned region","Case","Region","A region named in the case text in no other role.","subprop gf:involvesRegion")
p("regionRole",O,"地区角色","region role","Case","RegionRole","The qualified region role nodes of a case.","")
p("region",O,"地区","region","RegionRole","Region","The region of a region role.","functional")
p("role",D,"角色","role","RegionRole","xsd:string","primary, partner or mentioned.","functional")
p("surface",D,"原文写法","surface form",None,"xsd:string","The name as written in the text.","")
p("involvesDepartment",O,"涉及部门","involves department","Case","Department","A department named as acting in a case.","")
p("departmentRole",O,"部门参与","department role","Case","DepartmentRole","The qualified department nodes of a case.","")
p("department",O,"部门","department","DepartmentRole","Department","The department of a department role.","functional")
p("usesMechanism",O,"采用机制","uses mechanism","Case","Mechanism","A mechanism used in a case.","")
p("mechanismUse",O,"机制应用","mechanism use","Case","MechanismUse","The qualified mechanism-use nodes of a case.","")
p("mechanism",O,"机制","mechanism","MechanismUse","Mechanism","The mechanism of a mechanism use.","functional")
p("hasIndicator",O,"指标","has indicator","Case","Indicator","A quantitative statement of a case.","")
p("hasEndorsement",O,"领导肯定","has endorsement","Case","LeaderEndorsement","A leader endorsement of a case.","")
p("hasRecognition",O,"荣誉认可","has recognition","Case","Recognition","An award, selection, pilot or media coverage of a case.","")
p("reformMeasures",D,"改革举措","reform measures","Case","rdf:langString","The 改革举措 column of a reform-table row.","")
p("mainTargets",D,"主要目标","main targets","Case","rdf:langString","The 主要目标 column of a reform-table row.","")
p("landmarkResults",D,"标志性成果","landmark results","Case","rdf:langString","The 标志性成果 column of a reform-table row.","")
p("responsibleUnits",D,"责任单位","responsible units","Case","rdf:langString","The 责任单位 column of a reform-table row, as printed.","")
p("fileName",D,"文件名","file name","Document","xsd:string","The input file name (the contract's doc column).","functional")
p("sha256",D,"文件摘要","SHA-256","Document","xsd:string","SHA-256 of the input file's bytes.","functional")
p("layout",D,"版式","layout","Document","xsd:string","The layout the segmenter recognised: brief, newspaper, compilation, reform_table, generic.","functional")
p("sourceFormat",D,"文件格式","source format","Document","xsd:string","txt, docx or pdf.","functional")
p("issuer",D,"发文单位","issuer","Document","rdf:langString","The issuing body as printed in the document.","")
p("adcode",D,"行政区划代码","administrative code","Region","xsd:string","The six-digit administrative division code (GB/T 2260).","functional")
p("level",D,"层级","level","Region","xsd:string","province, city, county, township or village.","functional")
p("officialName",D,"正式名称","official name","Region","rdf:langString","The unit's own name without its city prefix (椒江区).","")
p("partOf",O,"隶属于","part of","Region","Region","A region contains this one, at any distance (transitive).","transitive")
p("directlyPartOf",O,"直接隶属于","directly part of","Region","Region","The region's parent unit.","functional subprop gf:partOf")
p("jurisdiction",O,"辖区","jurisdiction","Department","Region","The region a department belongs to.","")
p("departmentType",D,"部门类型","department type","Department","xsd:string","government department, party organ, court, procuratorate, people's congress, CPPCC, federation, financial regulator, central bank branch, other.","")
p("mechanismKind",D,"机制类型","mechanism kind","Mechanism","xsd:string","model, platform, institution, program, fund, product or other.","")
p("candidate",D,"候选","candidate","Mechanism","xsd:boolean","True for a name harvested from text (a quoted “…模式”) that a curator has not yet promoted into the scheme.","")
p("metric",D,"指标名称","metric",'Indicator',"rdf:langString","What the indicator measures (消薄飞地项目收益).","")
p("valueAsPrinted",D,"原文数值","value as printed","Indicator","xsd:string","The quantity as printed (276万元).","")
p("value",D,"数值","value","Indicator","xsd:decimal","The number as printed, without magnitude conversion (276 for 276万元).","functional")
p("unit",D,"单位","unit","Indicator","xsd:string","The unit as printed, magnitude included (万元).","functional")
p("baseValue",D,"基本单位数值","value in base unit","Indicator","xsd:decimal","The value converted to the base unit (2760000 for 276万元).","functional")
p("baseUnit",D,"基本单位","base unit","Indicator","xsd:string","The base unit (元, 人, %, 亩 …).","functional")
p("qualifier",D,"修饰语","qualifier","Indicator","rdf:langString","近, 超, 余, 以上, 约, 累计 …","")
p("period",D,"时间","period","Indicator","rdf:langString","The period or date as printed (2020年, 截至今年11月末, 2022年6月底前).","")
p("indicatorKind",D,"指标类型","indicator kind","Indicator","xsd:string","outcome (reached) or target (planned).","functional")
p("leader",O,"领导","leader","LeaderEndorsement","Person","The named leader of an endorsement (absent when only a title is given).","")
p("leaderTitle",D,"职务","leader title","LeaderEndorsement","rdf:langString","The leader's title as written (时任省委书记, 省领导).","")
p("action",D,"行为","action","LeaderEndorsement","rdf:langString","批示, 肯定, 点赞, 表扬, 指示, 调研 …","")
p("quote",D,"引文","quote",None,"xsd:string","Quoted words: of an endorsement, or of the document for an Evidence.","")
p("recognitionKind",D,"认可类型","recognition kind","Recognition","xsd:string","award, selection, media, pilot or other.","")
p("by",D,"授予方","by","Recognition","rdf:langString","The body or outlet that gave the recognition.","")
p("what",D,"内容","what","Recognition","rdf:langString","The award, list, pilot or report.","")
p("caseCount",D,"案例数","case count",None,"xsd:integer","Number of cases in a dataset or subset (VoID description).","")

def term(x):
    return x if ":" in x else "gf:" + x
out = ["""@prefix gf: <https://w3id.org/gongfu/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .

# gongfu-kg ontology (OWL-lite). Reused vocabularies, and why:
#   SKOS      — labels (prefLabel/altLabel), the mechanism and category schemes, broader/narrower
#   dcterms   — document and case titles, dates (issued), sources (Evidence → Document), isPartOf
#   W3C ORG   — gf:Department is an org:Organization, so organisation tooling understands departments
#   PROV-O    — prov:wasDerivedFrom from every fact node to the gf:Evidence it was read from; gf:Person ⊑ prov:Agent
#   FOAF      — foaf:Person on named leaders, for people-aware tools
#   VoID/DCAT — the dataset description in build/void.ttl
#   xsd       — datatypes (integer, decimal, date, gYearMonth, boolean, string)
# Qualified relations follow PROV's pattern: a direct shortcut (gf:primaryRegion) plus a node
# (gf:RegionRole) that carries the role, the surface form and the evidence.

<https://w3id.org/gongfu/ontology> a owl:Ontology ;
    dcterms:title "共同富裕实践案例本体"@zh , "gongfu-kg ontology of common-prosperity practice cases"@en ;
    dcterms:description "Classes and properties for Zhejiang's common-prosperity practice cases: documents, cases, regions, departments, mechanisms, indicators, endorsements, recognitions and the evidence behind every fact."@en ;
    dcterms:license <https://www.apache.org/licenses/LICENSE-2.0> ;
    owl:versionInfo "0.1.0" ;
    rdfs:comment "OWL-lite: classes, subclasses, object and datatype properties with domain and range, inverse, functional and transitive properties where true. Instances live under https://w3id.org/gongfu/id/."@en .
"""]
for name, zh, en, sup, com in C:
    lines = [f"gf:{name} a owl:Class ;", f'    rdfs:label "{zh}"@zh , "{en}"@en ;', f'    rdfs:comment "{com}"@en']
    if sup:
        lines[-1] += " ;"
        lines.append(f"    rdfs:subClassOf {term(sup)}")
    out.append("\n".join(lines) + " .\n")
for name, kind, zh, en, dom, rng, com, extra in P:
    types = ["owl:ObjectProperty" if kind == O else "owl:DatatypeProperty"]
    if "functional" in extra:
        types.append("owl:FunctionalProperty")
    if "transitive" in extra:
        types.append("owl:TransitiveProperty")
    lines = [f"gf:{name} a {' , '.join(types)} ;", f'    rdfs:label "{zh}"@zh , "{en}"@en ;', f'    rdfs:comment "{com}"@en']
    if dom:
        lines.append(f"    rdfs:domain {term(dom)}")
    lines.append(f"    rdfs:range {term(rng)}")
    if "subprop" in extra:
        sp = extra.split("subprop ")[1].split()[0]
        lines.append(f"    rdfs:subPropertyOf {sp}")
    out.append(" ;\n".join(lines) + " .\n")
out.append("""gf:hasPart a owl:ObjectProperty , owl:TransitiveProperty ;
    rdfs:label "下辖"@zh , "has part"@en ;
    rdfs:comment "The inverse of gf:partOf: a region contains this one at any distance."@en ;
    rdfs:domain gf:Region ;
    rdfs:range gf:Region ;
    owl:inverseOf gf:partOf .
""")
open(__import__("pathlib").Path(__file__).resolve().parents[1] / "ontology" / "gongfu.ttl", "w", encoding="utf-8").write("\n".join(out))
