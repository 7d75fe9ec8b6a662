package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.FhirException;
import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Composite parameters and UCUM-canonical quantities, as data: resources in, query, ids out. */
class SearchCompositeTest {

  private static SearchFixture db;

  @BeforeAll
  static void load() {
    db = new SearchFixture(new SearchParameterRegistry());
    String at = "2021-06-01T00:00:00Z";
    // Blood pressure: systolic 120, diastolic 80, on two components.
    db.put(
        "{'resourceType':'Observation','id':'bp','status':'final',"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'85354-9'}]},"
            + "'effectiveDateTime':'2020-05-01',"
            + "'component':["
            + "{'code':{'coding':[{'system':'http://loinc.org','code':'8480-6'}]},"
            + "'valueQuantity':{'value':120,'unit':'mmHg','system':'http://unitsofmeasure.org','code':'mm[Hg]'}},"
            + "{'code':{'coding':[{'system':'http://loinc.org','code':'8462-4'}]},"
            + "'valueQuantity':{'value':80,'unit':'mmHg','system':'http://unitsofmeasure.org','code':'mm[Hg]'}}]}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'wt','status':'final',"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'29463-7'}]},"
            + "'valueQuantity':{'value':1,'unit':'kg','system':'http://unitsofmeasure.org','code':'kg'}}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'wt2','status':'final',"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'29463-7'}]},"
            + "'valueQuantity':{'value':1500,'unit':'g','system':'http://unitsofmeasure.org','code':'g'}}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'glu','status':'final',"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'2345-7'}]},"
            + "'valueQuantity':{'value':90,'unit':'mg/dL','system':'http://unitsofmeasure.org','code':'mg/dL'}}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'hgt','status':'final',"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'8302-2'}]},"
            + "'valueQuantity':{'value':70,'unit':'in','system':'http://unitsofmeasure.org','code':'[in_i]'}}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'str','status':'final',"
            + "'code':{'coding':[{'system':'http://ex.org','code':'note'}]},"
            + "'valueString':'Hello Wörld'}",
        at);
    db.put(
        "{'resourceType':'Observation','id':'dt','status':'final',"
            + "'code':{'coding':[{'system':'http://ex.org','code':'when'}]},"
            + "'valueDateTime':'2019-02-03'}",
        at);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // composite over one element: component code and value must come from the same component
        Arguments.of(
            "Observation",
            "component-code-value-quantity=http://loinc.org|8480-6$gt100",
            List.of("bp")),
        Arguments.of("Observation", "component-code-value-quantity=8480-6$120", List.of("bp")),
        Arguments.of("Observation", "component-code-value-quantity=8480-6$80", List.of()),
        Arguments.of("Observation", "component-code-value-quantity=8462-4$gt100", List.of()),
        Arguments.of("Observation", "component-code-value-quantity=8462-4$lt100", List.of("bp")),
        Arguments.of(
            "Observation",
            "component-code-value-quantity=8462-4$80||mm[Hg],8480-6$1",
            List.of("bp")),
        // composite over the resource: code and value
        Arguments.of(
            "Observation",
            "code-value-quantity=http://loinc.org|29463-7$1|http://unitsofmeasure.org|kg",
            List.of("wt")),
        Arguments.of(
            "Observation",
            "code-value-quantity=http://loinc.org|29463-7$ge1000||g",
            List.of("wt", "wt2")),
        Arguments.of("Observation", "code-value-quantity=2345-7$gt100", List.of()),
        Arguments.of("Observation", "code-value-string=note$hello", List.of("str")),
        Arguments.of("Observation", "code-value-string=note$world", List.of()),
        Arguments.of("Observation", "code-value-string=note$hello w", List.of("str")),
        Arguments.of("Observation", "code-value-date=when$2019-02", List.of("dt")),
        Arguments.of("Observation", "code-value-date=when$2020", List.of()),
        Arguments.of("Observation", "code-value-date:missing=false", List.of("dt")),
        Arguments.of("Observation", "component-code-value-quantity:missing=false", List.of("bp")),
        // UCUM: comparable units compare canonically, others as written
        Arguments.of(
            "Observation", "value-quantity=1000|http://unitsofmeasure.org|g", List.of("wt")),
        Arguments.of("Observation", "value-quantity=1|http://unitsofmeasure.org|kg", List.of("wt")),
        Arguments.of(
            "Observation", "value-quantity=1.5|http://unitsofmeasure.org|kg", List.of("wt2")),
        Arguments.of(
            "Observation",
            "value-quantity=gt999|http://unitsofmeasure.org|g",
            List.of("wt", "wt2")),
        Arguments.of("Observation", "value-quantity=lt1.2||kg", List.of("wt")),
        Arguments.of("Observation", "value-quantity=1500||g", List.of("wt2")),
        Arguments.of(
            "Observation", "value-quantity=0.9|http://unitsofmeasure.org|g/L", List.of("glu")),
        Arguments.of(
            "Observation", "value-quantity=900|http://unitsofmeasure.org|mg/L", List.of("glu")),
        Arguments.of(
            "Observation", "value-quantity=0.9|http://unitsofmeasure.org|mmol/L", List.of()),
        Arguments.of(
            "Observation", "value-quantity=177.8|http://unitsofmeasure.org|cm", List.of("hgt")),
        Arguments.of(
            "Observation", "value-quantity=1.778|http://unitsofmeasure.org|m", List.of("hgt")),
        Arguments.of("Observation", "value-quantity=1|http://unitsofmeasure.org|s", List.of()),
        Arguments.of("Observation", "value-quantity=1|http://other.org|kg", List.of()),
        Arguments.of("Observation", "value-quantity=1||kg", List.of("wt")));
  }

  @ParameterizedTest(name = "{0}?{1}")
  @MethodSource("cases")
  void finds(String type, String query, List<String> expected) {
    SearchPage page =
        db.service.search(new SearchRequest(type, SearchFixture.query(query), 100, null, true));
    assertThat(db.ids(page.pks())).containsExactlyInAnyOrderElementsOf(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("code-value-quantity=8480-6", "invalid-search-value"),
        Arguments.of("code-value-quantity=a$b$c", "invalid-search-value"),
        Arguments.of("code-value-quantity=a$abc", "invalid-search-value"),
        Arguments.of("code-value-quantity:exact=a$1", "unsupported-search-modifier"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("errors")
  void rejects(String query, String code) {
    FhirException e = null;
    try {
      db.service.search(
          new SearchRequest("Observation", SearchFixture.query(query), 10, null, true));
    } catch (FhirException x) {
      e = x;
    }
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(code);
  }
}
