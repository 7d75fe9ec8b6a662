package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.FhirException;
import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chains, _has, token and reference modifiers, special parameters and full-text search against the
 * real PostgreSQL, written as data: resources in, query, ids out (any order).
 */
class SearchSemanticsTest {

  private static SearchFixture db;

  @BeforeAll
  static void load() {
    db = new SearchFixture(new SearchParameterRegistry());
    String at = "2021-06-01T00:00:00Z";
    db.put("{'resourceType':'Organization','id':'org1','name':'Acme Clinic'}", at);
    db.put(
        "{'resourceType':'Patient','id':'p1','name':[{'family':'Peterson','given':['Peter']}],"
            + "'managingOrganization':{'reference':'Organization/org1'},"
            + "'meta':{'tag':[{'system':'http://ex.org/tags','code':'vip'}],"
            + "'security':[{'system':'http://terminology.hl7.org/CodeSystem/v3-Confidentiality','code':'R'}],"
            + "'source':'http://ex.org/feed#1'},"
            + "'identifier':[{'type':{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/v2-0203','code':'MR'}]},"
            + "'system':'urn:mrn','value':'m1'}],"
            + "'text':{'status':'generated','div':'<div>Peter has <b>diabetes</b> and a café habit</div>'}}",
        at);
    db.put(
        "{'resourceType':'Patient','id':'p2','name':[{'family':'Zoë','given':['Ann']}],"
            + "'identifier':[{'type':{'coding':[{'system':'http://terminology.hl7.org/CodeSystem/v2-0203','code':'SS'}]},"
            + "'system':'urn:ssn','value':'m1'}],'gender':'female'}",
        at);
    db.put("{'resourceType':'Location','id':'loc1','name':'Peter Street'}", at);
    db.put(
        "{'resourceType':'Observation','id':'o5','status':'final','subject':{'reference':'Location/loc1'}}",
        at);
    db.put(
        "{'resourceType':'Group','id':'g1','name':'Peter group','type':'person','actual':true}",
        at);
    db.put(
        "{'resourceType':'Encounter','id':'e1','status':'finished','class':{'code':'AMB'},"
            + "'subject':{'reference':'Patient/p1'}}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'o1','status':'final','subject':{'reference':'Patient/p1'},"
            + "'encounter':{'reference':'Encounter/e1'},"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'1234-5','display':'Glucose Blood'}],"
            + "'text':'Blood sugar'}}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'o2','status':'final','subject':{'reference':'Patient/p2'},"
            + "'code':{'coding':[{'system':'http://ex.org/cs','code':'child','display':'Café au lait'}]}}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'o3','status':'final','subject':{'reference':'Group/g1'},"
            + "'code':{'coding':[{'system':'http://ex.org/cs','code':'root'}]}}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'o4','status':'final','subject':{'reference':'Patient/gone'},"
            + "'performer':[{'identifier':{'system':'urn:npi','value':'npi-7'}}],"
            + "'code':{'coding':[{'system':'http://ex.org/other','code':'x'}]}}",
        at);
    db.put(
        "{'resourceType':'AuditEvent','id':'a1','type':{'code':'rest'},'recorded':'2021-01-01T00:00:00Z',"
            + "'agent':[{'requestor':true,'who':{'reference':'Practitioner/u1'}}],'source':{'observer':{'reference':'Device/d1'}},"
            + "'entity':[{'what':{'reference':'Observation/o1'}}]}",
        at);
    db.put(
        "{'resourceType':'ValueSet','id':'vs1','url':'http://ex.org/vs/glucose','status':'active',"
            + "'compose':{'include':[{'system':'http://loinc.org','concept':[{'code':'1234-5'}]}]}}",
        at);
    db.put(
        "{'resourceType':'ValueSet','id':'vs2','url':'http://ex.org/vs/excs','status':'active',"
            + "'compose':{'include':[{'system':'http://ex.org/cs'}]}}",
        at);
    db.put(
        "{'resourceType':'ValueSet','id':'vs3','url':'http://ex.org/vs/below-mid','status':'active',"
            + "'compose':{'include':[{'system':'http://ex.org/cs','filter':[{'property':'concept','op':'is-a','value':'mid'}]}]}}",
        at);
    db.put(
        "{'resourceType':'CodeSystem','id':'cs1','url':'http://ex.org/cs','status':'active','content':'complete',"
            + "'concept':[{'code':'root','concept':[{'code':'mid','concept':[{'code':'child'}]}]}]}",
        at);
    db.put(
        "{'resourceType':'List','id':'l1','status':'current','mode':'working',"
            + "'entry':[{'item':{'reference':'Patient/p2'}},{'item':{'reference':'Observation/o3'}}]}",
        at);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // chains: typed, untyped across targets, several levels, missing target
        Arguments.of("Observation", "subject:Patient.name=peter", List.of("o1")),
        Arguments.of("Observation", "subject.name=peter", List.of("o1", "o5")),
        Arguments.of("Observation", "patient.name=peter", List.of("o1")),
        Arguments.of("Observation", "subject:Location.name=peter", List.of("o5")),
        Arguments.of("Observation", "subject:Group.actual=true", List.of("o3")),
        Arguments.of("Observation", "subject:Patient.gender=female", List.of("o2")),
        Arguments.of("Observation", "subject.organization.name=acme", List.of("o1")),
        Arguments.of("Observation", "encounter.subject.name=peterson", List.of("o1")),
        Arguments.of("Observation", "subject:Patient._id=gone", List.of()),
        Arguments.of("Observation", "subject:Patient.name=zoe,peter", List.of("o1", "o2")),
        Arguments.of(
            "Observation", "subject:Patient.name=zoe&subject:Patient.name=peter", List.of()),
        // reverse chains, nested, and no match
        Arguments.of("Patient", "_has:Observation:patient:code=1234-5", List.of("p1")),
        Arguments.of("Patient", "_has:Observation:subject:code=root", List.of()),
        Arguments.of("Group", "_has:Observation:subject:code=root", List.of("g1")),
        Arguments.of("Patient", "_has:Observation:patient:code=nothing", List.of()),
        Arguments.of(
            "Patient", "_has:Observation:patient:_has:AuditEvent:entity:type=rest", List.of("p1")),
        Arguments.of(
            "Organization",
            "_has:Patient:organization:_has:Observation:patient:status=final",
            List.of("org1")),
        Arguments.of("Patient", "_has:Encounter:subject:class=AMB", List.of("p1")),
        // token :text (folded starts-with), :of-type, :not, :in, :not-in, :above, :below
        Arguments.of("Observation", "code:text=blood", List.of("o1")),
        Arguments.of("Observation", "code:text=glucose", List.of("o1")),
        Arguments.of("Observation", "code:text=CAFE", List.of("o2")),
        Arguments.of("Observation", "code:text=lait", List.of()),
        Arguments.of(
            "Patient",
            "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|m1",
            List.of("p1")),
        Arguments.of("Patient", "identifier:of-type=|SS|m1", List.of("p2")),
        Arguments.of("Patient", "identifier:of-type=|SS|m2", List.of()),
        Arguments.of("Observation", "code:not=root", List.of("o1", "o2", "o4", "o5")),
        Arguments.of("Observation", "code:in=http://ex.org/vs/glucose", List.of("o1")),
        Arguments.of("Observation", "code:in=http://ex.org/vs/glucose|1.0", List.of("o1")),
        Arguments.of("Observation", "code:in=http://ex.org/vs/excs", List.of("o2", "o3")),
        Arguments.of("Observation", "code:in=http://ex.org/vs/below-mid", List.of("o2")),
        Arguments.of("Observation", "code:not-in=http://ex.org/vs/excs", List.of("o1", "o4", "o5")),
        // core value sets held by HAPI; code elements carry no system in the resource
        Arguments.of(
            "Patient",
            "gender:in=http://hl7.org/fhir/ValueSet/administrative-gender",
            List.of("p2")),
        Arguments.of(
            "Observation",
            "status:in=http://hl7.org/fhir/ValueSet/observation-status",
            List.of("o1", "o2", "o3", "o4", "o5")),
        Arguments.of(
            "Patient",
            "gender:not-in=http://hl7.org/fhir/ValueSet/administrative-gender",
            List.of("p1")),
        Arguments.of("Observation", "code:below=http://ex.org/cs|mid", List.of("o2")),
        Arguments.of("Observation", "code:below=http://ex.org/cs|root", List.of("o2", "o3")),
        Arguments.of("Observation", "code:above=http://ex.org/cs|child", List.of("o2", "o3")),
        Arguments.of("Observation", "code:above=http://ex.org/cs|mid", List.of("o3")),
        // reference :identifier
        Arguments.of("Observation", "performer:identifier=urn:npi|npi-7", List.of("o4")),
        Arguments.of("Observation", "performer:identifier=npi-7", List.of("o4")),
        Arguments.of("Observation", "performer:identifier=urn:x|npi-7", List.of()),
        // meta: _tag, _security, _source, _profile
        Arguments.of("Patient", "_tag=http://ex.org/tags|vip", List.of("p1")),
        Arguments.of("Patient", "_tag:not=vip", List.of("p2")),
        Arguments.of("Patient", "_security=R", List.of("p1")),
        Arguments.of("Patient", "_source=http://ex.org/feed#1", List.of("p1")),
        // _list
        Arguments.of("Patient", "_list=l1", List.of("p2")),
        Arguments.of("Observation", "_list=l1", List.of("o3")),
        Arguments.of("Observation", "_list=nope", List.of()),
        // _text (narrative) and _content (all strings), folded, all words must occur
        Arguments.of("Patient", "_text=diabetes", List.of("p1")),
        Arguments.of("Patient", "_text=Diabetes CAFÉ", List.of("p1")),
        Arguments.of("Patient", "_text=diabetes ann", List.of()),
        Arguments.of("Patient", "_text=ann", List.of()),
        Arguments.of("Patient", "_content=zoe", List.of("p2")),
        Arguments.of("Patient", "_content=peterson,ann", List.of("p1", "p2")),
        Arguments.of("Observation", "_content=cafe", List.of("o2")));
  }

  @ParameterizedTest(name = "{0}?{1}")
  @MethodSource("cases")
  void finds(String type, String query, List<String> expected) {
    SearchPage page =
        db.service.search(new SearchRequest(type, SearchFixture.query(query), 100, null, true));
    assertThat(db.ids(page.pks())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(db.ids(db.service.match(type, SearchFixture.query(query), 10)))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("Observation", "code:in=http://ex.org/vs/unknown", "unknown-value-set"),
        Arguments.of(
            "Observation", "code:below=http://unknown.org|x", "unsupported-search-modifier"),
        Arguments.of("Observation", "code:below=x", "invalid-search-value"),
        Arguments.of("Observation", "code:of-type=x", "invalid-search-value"),
        Arguments.of("Observation", "subject:Organization.name=x", "invalid-search-value"),
        Arguments.of("Observation", "subject.foo=x", "unknown-search-parameter"),
        Arguments.of("Observation", "status.name=x", "unknown-search-parameter"),
        Arguments.of("Observation", "subject:Group.name=x", "unknown-search-parameter"),
        Arguments.of(
            "Patient", "_has:Encounter:subject:encounter-class=x", "unknown-search-parameter"),
        Arguments.of("Patient", "_has:Observation=x", "invalid-search-value"),
        Arguments.of("Patient", "_has:Observation:code:status=x", "unknown-search-parameter"),
        Arguments.of("Patient", "_text:exact=x", "unsupported-search-modifier"),
        Arguments.of("Patient", "name:in=x", "unsupported-search-modifier"),
        Arguments.of(
            "Patient",
            "_has:Observation:patient:_has:Observation:patient:_has:Observation:patient"
                + ":_has:Observation:patient:_has:Observation:patient:status=x",
            "invalid-search-value"));
  }

  @ParameterizedTest(name = "{0}?{1} -> {2}")
  @MethodSource("errors")
  void rejects(String type, String query, String code) {
    FhirException e = null;
    try {
      db.service.search(new SearchRequest(type, SearchFixture.query(query), 10, null, true));
    } catch (FhirException x) {
      e = x;
    }
    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo(code);
  }

  @Test
  void capabilitiesListTheNewParameters() {
    assertThat(db.service.supportedParameters("Patient"))
        .containsEntry("_text", "string")
        .containsEntry("_content", "string")
        .containsEntry("_list", "special")
        .containsEntry("_tag", "token");
    assertThat(db.service.supportedParameters("Observation"))
        .containsEntry("code-value-quantity", "composite");
  }

  @Test
  void lenientIgnoresUnknownChains() {
    SearchPage page =
        db.service.search(
            new SearchRequest(
                "Observation", SearchFixture.query("subject.foo=x&code=root"), 10, null, false));
    assertThat(db.ids(page.pks())).containsExactly("o3");
    assertThat(page.ignoredParameters()).containsExactly("subject.foo");
  }
}
