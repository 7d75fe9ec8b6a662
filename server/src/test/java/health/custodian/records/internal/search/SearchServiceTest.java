package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Searches against the real PostgreSQL, written as data: query in, ids out (any order). */
class SearchServiceTest {

  private static SearchFixture db;

  @BeforeAll
  static void load() {
    db = new SearchFixture(new SearchParameterRegistry());
    db.put(
        "{'resourceType':'Patient','id':'p1','active':true,'meta':{'profile':['http://ex.org/P']},'gender':'male','birthDate':'2013-03-14',"
            + "'name':[{'family':'Pérez','given':['José']}],"
            + "'identifier':[{'system':'urn:mrn','value':'111'}],"
            + "'telecom':[{'system':'email','value':'jose@x.org'}],"
            + "'generalPractitioner':[{'reference':'Practitioner/dr1'}]}",
        "2020-01-01T10:00:00Z");
    db.put(
        "{'resourceType':'Patient','id':'p2','gender':'female','birthDate':'2013',"
            + "'name':[{'family':'Smith','given':['Ann']}],"
            + "'identifier':[{'system':'urn:ssn','value':'111'}],"
            + "'generalPractitioner':[{'reference':'http://other.org/fhir/Practitioner/dr1'}]}",
        "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'Patient','id':'p3','gender':'female','birthDate':'2012-12-31',"
            + "'name':[{'family':'Müller','given':['JOSEPHINE']}],"
            + "'identifier':[{'value':'222'}],'deceasedBoolean':true}",
        "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'Patient','id':'p4','name':[{'family':'Jose'}]}", "2021-06-01T00:00:00Z");
    db.delete("Patient", "p4");
    db.put(
        "{'resourceType':'Patient','id':'p5','name':[{'text':'Jo%se_x'}]}", "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'Observation','id':'q1','status':'final',"
            + "'valueQuantity':{'value':5.4,'unit':'milligram','system':'http://unitsofmeasure.org',"
            + "'code':'mg'},'component':[{'valueQuantity':{'value':120,'code':'mm[Hg]'}}]}",
        "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'RiskAssessment','id':'r1','status':'final','subject':{'reference':'Patient/p1'},"
            + "'prediction':[{'probabilityDecimal':0.8}]}",
        "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'ValueSet','id':'vs1','url':'http://ex.org/fhir/ValueSet/a_b%20c'}",
        "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'Observation','id':'o1','status':'final',"
            + "'subject':{'reference':'Patient/p1'},"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'8867-4'}]},"
            + "'effectiveDateTime':'2013-03-14T23:30:00-05:00'}",
        "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'Observation','id':'o2','status':'preliminary',"
            + "'subject':{'reference':'Patient/p2'},"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'8310-5'}]},"
            + "'effectivePeriod':{'start':'2013-01-01'}}",
        "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'Observation','id':'o3','status':'final',"
            + "'subject':{'reference':'Group/g1'},"
            + "'code':{'coding':[{'system':'http://snomed.info/sct','code':'123'}]},"
            + "'effectiveDateTime':'2012-06'}",
        "2021-06-01T00:00:00Z");
    db.put(
        "{'resourceType':'Observation','id':'o4','status':'final',"
            + "'subject':{'reference':'Patient/p1'},"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'8867-4'}]},"
            + "'effectivePeriod':{'start':'2013-02-01','end':'2013-02-28'}}",
        "2021-06-01T00:00:00Z");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // string: starts-with, case and accent insensitive; :exact; :contains; LIKE escaping
        Arguments.of("Patient", "name=jose", List.of("p1", "p3")),
        Arguments.of("Patient", "name=José", List.of("p1", "p3")),
        Arguments.of("Patient", "name:exact=José", List.of("p1")),
        Arguments.of("Patient", "name:exact=jose", List.of()),
        Arguments.of("Patient", "name:contains=LLER", List.of("p3")),
        Arguments.of("Patient", "family=perez", List.of("p1")),
        Arguments.of("Patient", "name=jo%", List.of("p5")),
        Arguments.of("Patient", "name=jo_", List.of()),
        // token: code, system|code, |code, system|, OR, :not, boolean
        Arguments.of("Patient", "gender=female", List.of("p2", "p3")),
        Arguments.of("Patient", "gender=male,female", List.of("p1", "p2", "p3")),
        Arguments.of("Patient", "identifier=111", List.of("p1", "p2")),
        Arguments.of("Patient", "identifier=urn:mrn|111", List.of("p1")),
        Arguments.of("Patient", "identifier=|222", List.of("p3")),
        Arguments.of("Patient", "identifier=|111", List.of()),
        Arguments.of("Patient", "identifier=urn:ssn|", List.of("p2")),
        Arguments.of("Patient", "email=jose@x.org", List.of("p1")),
        Arguments.of("Patient", "active=true", List.of("p1")),
        Arguments.of("Patient", "deceased=true", List.of("p3")),
        Arguments.of("Observation", "code=http://loinc.org|8867-4", List.of("o1", "o4")),
        Arguments.of("Observation", "code=8867-4,123", List.of("o1", "o3", "o4")),
        Arguments.of("Observation", "code=http://loinc.org|", List.of("o1", "o2", "o4")),
        Arguments.of("Observation", "code:not=8867-4", List.of("o2", "o3", "q1")),
        Arguments.of("Observation", "status=final&code=123", List.of("o3")),
        // date: precision ranges and prefixes (R4 search 3.1.1.4.1/3.1.1.4.2)
        Arguments.of("Patient", "birthdate=2013", List.of("p1", "p2")),
        Arguments.of("Patient", "birthdate=2013-03", List.of("p1")),
        Arguments.of("Patient", "birthdate=ge2013-03", List.of("p1", "p2")),
        Arguments.of("Patient", "birthdate=lt2013", List.of("p3")),
        Arguments.of("Patient", "birthdate=le2013-01", List.of("p3")),
        Arguments.of("Patient", "birthdate=sa2012", List.of("p1", "p2")),
        Arguments.of("Patient", "birthdate=eb2013", List.of("p3")),
        Arguments.of("Patient", "birthdate=ne2013", List.of("p3")),
        Arguments.of("Patient", "birthdate=ge2013&birthdate=lt2014", List.of("p1", "p2")),
        Arguments.of("Patient", "birthdate=2012,2013-03-14", List.of("p1", "p3")),
        Arguments.of("Patient", "birthdate:missing=true", List.of("p5")),
        // ap: overlap with the range widened by 10% of its distance from now (years here)
        Arguments.of("Patient", "birthdate=ap2013-03-14", List.of("p1", "p2", "p3")),
        Arguments.of("Patient", "birthdate=ap2016", List.of()),
        Arguments.of("Observation", "date=ap2013-02-15", List.of("o1", "o2", "o3", "o4")),
        // o1 is 2013-03-14T23:30-05:00, i.e. 2013-03-15 in UTC
        Arguments.of("Observation", "date=2013-03-15", List.of("o1")),
        Arguments.of("Observation", "date=2013-03-14", List.of()),
        Arguments.of("Observation", "date=2013-03-14T23:30-05:00", List.of("o1")),
        Arguments.of("Observation", "date=ge2013-06", List.of("o2")),
        Arguments.of("Observation", "date=2013-02", List.of("o4")),
        Arguments.of("Observation", "date=lt2013", List.of("o3")),
        Arguments.of("Observation", "date=sa2013-02-28", List.of("o1")),
        Arguments.of("Observation", "date=gt2099", List.of("o2")),
        // reference: Type/id, id, :Type, absolute, resolve()-typed parameters
        Arguments.of("Observation", "subject=Patient/p1", List.of("o1", "o4")),
        Arguments.of("Observation", "subject=p1", List.of("o1", "o4")),
        Arguments.of("Observation", "patient=p1", List.of("o1", "o4")),
        Arguments.of("Observation", "subject:Patient=p1", List.of("o1", "o4")),
        Arguments.of("Observation", "subject:Group=g1", List.of("o3")),
        Arguments.of("Observation", "patient=g1", List.of()),
        Arguments.of("Observation", "subject=Patient/p1/_history/2", List.of("o1", "o4")),
        Arguments.of(
            "Patient",
            "general-practitioner=http://other.org/fhir/Practitioner/dr1",
            List.of("p2")),
        Arguments.of("Patient", "general-practitioner=Practitioner/dr1", List.of("p1")),
        Arguments.of("Observation", "subject=Patient/p2&code=8310-5", List.of("o2")),
        Arguments.of("Observation", "subject=Patient/p1&code=8310-5", List.of()),
        // uri: exact, :below, :above (LIKE wildcards in values are literal)
        Arguments.of("Patient", "_profile=http://ex.org/P", List.of("p1")),
        Arguments.of("ValueSet", "url=http://ex.org/fhir/ValueSet/a_b%20c", List.of("vs1")),
        Arguments.of("ValueSet", "url=http://ex.org/fhir", List.of()),
        Arguments.of("ValueSet", "url:below=http://ex.org/fhir", List.of("vs1")),
        Arguments.of("ValueSet", "url:below=http://ex.org/fhir/ValueSet/a_", List.of("vs1")),
        Arguments.of("ValueSet", "url:below=http://ex.org/fhir/ValueSet/ax", List.of()),
        Arguments.of("ValueSet", "url:below=http://ex.org/fhir/ValueSet/a%", List.of()),
        Arguments.of(
            "ValueSet", "url:above=http://ex.org/fhir/ValueSet/a_b%20c/x/y", List.of("vs1")),
        Arguments.of("ValueSet", "url:above=http://ex.org/fhir/ValueSet/a", List.of()),
        // number and quantity: precision ranges of the search value, prefixes, system/code/unit
        Arguments.of("Observation", "value-quantity=5.4", List.of("q1")),
        Arguments.of("Observation", "value-quantity=5", List.of("q1")),
        Arguments.of("Observation", "value-quantity=5.0", List.of()),
        Arguments.of("Observation", "value-quantity=gt5", List.of("q1")),
        Arguments.of("Observation", "value-quantity=lt5.4", List.of()),
        Arguments.of("Observation", "value-quantity=le5.4", List.of("q1")),
        Arguments.of("Observation", "value-quantity=ap5", List.of("q1")),
        Arguments.of(
            "Observation", "value-quantity=5.4|http://unitsofmeasure.org|mg", List.of("q1")),
        Arguments.of("Observation", "value-quantity=5.4||mg", List.of("q1")),
        Arguments.of("Observation", "value-quantity=5.4||milligram", List.of("q1")),
        Arguments.of("Observation", "value-quantity=5.4|http://unitsofmeasure.org|g", List.of()),
        Arguments.of("Observation", "component-value-quantity=120||mm[Hg]", List.of("q1")),
        Arguments.of("RiskAssessment", "probability=0.8", List.of("r1")),
        Arguments.of("RiskAssessment", "probability=gt0.9", List.of()),
        // _id, _lastUpdated; deleted resources never match
        Arguments.of("Patient", "_id=p1,p2,p4", List.of("p1", "p2")),
        Arguments.of("Patient", "_lastUpdated=2020-01-01", List.of("p1")),
        Arguments.of("Patient", "_lastUpdated=le2020", List.of("p1")),
        Arguments.of("Patient", "_lastUpdated=gt2020-06", List.of("p2", "p3", "p5")),
        Arguments.of("Patient", "", List.of("p1", "p2", "p3", "p5")),
        Arguments.of("Patient", "name=", List.of("p1", "p2", "p3", "p5")));
  }

  @ParameterizedTest(name = "{0}?{1}")
  @MethodSource("cases")
  void finds(String type, String query, List<String> expected) {
    SearchPage page =
        db.service.search(new SearchRequest(type, SearchFixture.query(query), 100, null, true));
    assertThat(db.ids(page.pks())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(page.total()).isEqualTo(expected.size());
    assertThat(page.nextPageToken()).isNull();
    // match() applies the same conditions
    assertThat(db.ids(db.service.match(type, SearchFixture.query(query), 10)))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void strictRejectsUnknownAndUnsupportedParameters() {
    for (String q : List.of("foo=bar", "_query=x", "subject.foo=x", "_has:Foo:bar:baz=x")) {
      assertThatThrownBy(
              () ->
                  db.service.search(
                      new SearchRequest("Observation", SearchFixture.query(q), 10, null, true)))
          .isInstanceOfSatisfying(
              FhirException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("unknown-search-parameter");
              });
    }
  }

  @Test
  void lenientIgnoresAndReportsUnknownParameters() {
    SearchPage page =
        db.service.search(
            new SearchRequest(
                "Observation",
                SearchFixture.query("foo=bar&code=123&subject.foo=x"),
                10,
                null,
                false));
    assertThat(db.ids(page.pks())).containsExactly("o3");
    assertThat(page.ignoredParameters()).containsExactlyInAnyOrder("foo", "subject.foo");
  }

  @Test
  void extraConditionsAreAndedIntoTheSameQuery() {
    SqlCondition notP1 = SqlCondition.of("r.res_id <> ?", "p1");
    SearchPage page =
        db.service.search(
            new SearchRequest("Patient", SearchFixture.query("name=jose"), 10, null, true),
            List.of(notP1));
    assertThat(db.ids(page.pks())).containsExactly("p3");
    assertThat(
            db.ids(
                db.service.match("Patient", SearchFixture.query("name=jose"), 10, List.of(notP1))))
        .containsExactly("p3");
  }

  @Test
  void matchNeverIgnoresAParameter() {
    assertThatThrownBy(() -> db.service.match("Patient", SearchFixture.query("foo=bar"), 2))
        .isInstanceOfSatisfying(
            FhirException.class, e -> assertThat(e.code()).isEqualTo("unknown-search-parameter"));
  }

  @Test
  void rejectsBadModifiersAndValues() {
    assertThat(code("Patient", "name:below=x")).isEqualTo("unsupported-search-modifier");
    assertThat(code("Patient", "birthdate=2013-13")).isEqualTo("invalid-search-value");
    assertThat(code("Patient", "birthdate=xx2013")).isEqualTo("invalid-search-value");
    assertThat(code("Observation", "subject:Organization=x")).isEqualTo("invalid-search-value");
    assertThat(code("Observation", "value-quantity=abc")).isEqualTo("invalid-search-value");
  }

  private static String code(String type, String query) {
    try {
      db.service.search(new SearchRequest(type, SearchFixture.query(query), 10, null, false));
      return "none";
    } catch (FhirException e) {
      return e.code();
    }
  }
}
