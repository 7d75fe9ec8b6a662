package health.custodian.records.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.StatementCounter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Compartment search for all five R4 compartments (Patient, Encounter, RelatedPerson, Practitioner,
 * Device; membership per their CompartmentDefinitions), with further parameters and {@code
 * _summary=count}; and the statement count of chained searches. As data: query, ids expected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(StatementCounter.Config.class)
@TestPropertySource(properties = "custodian.fhir.enforce-references=false")
class CompartmentSearchTest extends IntegrationTest {

  @Autowired StatementCounter statements;

  private Http http;

  @BeforeAll
  void load() {
    http = new Http(fhirBase());
    HttpResponse<String> r =
        http.post(
            "",
            SearchData.transaction(
                "{'resourceType':'Patient','id':'p1','name':[{'family':'Alpha'}]}",
                "{'resourceType':'Patient','id':'p2','name':[{'family':'Beta'}]}",
                "{'resourceType':'Practitioner','id':'dr1'}",
                "{'resourceType':'RelatedPerson','id':'rp1','patient':{'reference':'Patient/p1'}}",
                "{'resourceType':'Device','id':'d1'}",
                "{'resourceType':'Encounter','id':'e1','status':'finished',"
                    + "'class':{'code':'AMB'},'subject':{'reference':'Patient/p1'},"
                    + "'participant':[{'individual':{'reference':'Practitioner/dr1'}}]}",
                "{'resourceType':'Encounter','id':'e2','status':'finished',"
                    + "'class':{'code':'AMB'},'subject':{'reference':'Patient/p1'}}",
                obs(
                    "o1",
                    "p1",
                    "e1",
                    "1-1",
                    "'performer':[{'reference':'Practitioner/dr1'}],"
                        + "'device':{'reference':'Device/d1'},"),
                obs("o2", "p1", "e2", "2-2", "'performer':[{'reference':'RelatedPerson/rp1'}],"),
                obs("o3", "p2", "e1", "1-1", "")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String obs(String id, String patient, String enc, String code, String more) {
    return "{'resourceType':'Observation','id':'"
        + id
        + "','status':'final',"
        + more
        + "'code':{'coding':[{'system':'http://loinc.org','code':'"
        + code
        + "'}]},'subject':{'reference':'Patient/"
        + patient
        + "'},'encounter':{'reference':'Encounter/"
        + enc
        + "'}}";
  }

  static Stream<Arguments> compartments() {
    return Stream.of(
        // query, matches (any order)
        Arguments.of("Patient/p1/Observation", "o1,o2"),
        Arguments.of("Patient/p1/Observation?code=http://loinc.org%7C1-1", "o1"),
        Arguments.of("Patient/p1/RelatedPerson", "rp1"),
        Arguments.of("Encounter/e1/Observation", "o1,o3"),
        Arguments.of("Encounter/e1/Observation?code=1-1&subject=Patient/p2", "o3"),
        Arguments.of("Encounter/e2/Observation", "o2"),
        // The owner is in its own compartment.
        Arguments.of("Encounter/e1/Encounter", "e1"),
        Arguments.of("Practitioner/dr1/Observation", "o1"),
        Arguments.of("Practitioner/dr1/Encounter", "e1"),
        Arguments.of("RelatedPerson/rp1/Observation", "o2"),
        Arguments.of("Device/d1/Observation", "o1"),
        Arguments.of("Device/nothing/Observation", ""));
  }

  @ParameterizedTest
  @MethodSource
  void compartments(String query, String expected) {
    List<String> ids = expected.isEmpty() ? List.of() : List.of(expected.split(","));
    JsonNode b = get(query);
    assertThat(IncludeSortShapeTest.ids(b, "match")).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(b.path("total").asInt()).isEqualTo(ids.size());
    JsonNode count = get(query + (query.contains("?") ? "&" : "?") + "_summary=count");
    assertThat(count.path("total").asInt()).isEqualTo(ids.size());
    assertThat(count.path("entry").size()).isZero();
  }

  @Test
  void typesOutsideTheCompartmentAreRefused() {
    HttpResponse<String> r = http.get("/Device/d1/Organization");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("not-in-compartment");
    assertThat(http.get("/Encounter/e1/Practitioner").statusCode()).isEqualTo(400);
  }

  @Test
  void capabilityStatementListsTheCompartments() {
    assertThat(get("metadata").path("rest").get(0).path("compartment").toString())
        .contains(
            "CompartmentDefinition/patient",
            "CompartmentDefinition/encounter",
            "CompartmentDefinition/relatedPerson",
            "CompartmentDefinition/practitioner",
            "CompartmentDefinition/device");
  }

  @Test
  void aChainIsOneStatementLikeAPlainSearch() {
    String chained = "Observation?subject:Patient.family=alpha&encounter.status=finished";
    String plain = "Observation?code=1-1";
    assertThat(IncludeSortShapeTest.ids(get(chained), "match"))
        .containsExactlyInAnyOrder("o1", "o2");
    get(plain);
    long forChain = statements.during(() -> get(chained));
    long forPlain = statements.during(() -> get(plain));
    assertThat(forChain).isEqualTo(forPlain);
    // and not one per match: the same chain matching one resource costs the same
    long forOne = statements.during(() -> get(chained + "&code=2-2"));
    assertThat(forOne).isEqualTo(forChain);
  }

  private JsonNode get(String pathAndQuery) {
    HttpResponse<String> r = http.get("/" + pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery + " " + r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }
}
