package health.custodian.records.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TestCallers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code _contained} and {@code _containedType} (R4 search 3.1.1.5.9) as data: containers of
 * several types with contained Patient, Medication and Practitioner resources, queries, and the
 * entries expected (fullUrl tails).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainedSearchTest extends IntegrationTest {

  private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

  private Http http;

  @BeforeAll
  void load() {
    http = new Http(fhirBase());
    HttpResponse<String> r =
        http.post(
            "",
            SearchData.transaction(
                "{'resourceType':'Patient','id':'pa','name':[{'family':'Able'}]}",
                "{'resourceType':'Patient','id':'pb','name':[{'family':'Baker'}]}",
                medication("m1", "1049502"),
                "{'resourceType':'Observation','id':'obs1','status':'final',"
                    + "'contained':[{'resourceType':'Patient','id':'p',"
                    + "'name':[{'family':'Contained'}],'gender':'female'},"
                    + "{'resourceType':'Practitioner','id':'dr','name':[{'family':'Smith'}]}],"
                    + "'code':{'text':'note'},'subject':{'reference':'Patient/pa'},"
                    + "'performer':[{'reference':'#dr'}],"
                    + "'focus':[{'reference':'#p'}]}",
                // Two contained Patients: parameters may match in different ones (documented).
                "{'resourceType':'Observation','id':'obs2','status':'final',"
                    + "'contained':[{'resourceType':'Patient','id':'x',"
                    + "'name':[{'family':'Twin'}],'gender':'male'},"
                    + "{'resourceType':'Patient','id':'y','name':[{'family':'Other'}],"
                    + "'gender':'female'}],"
                    + "'code':{'text':'note'},'subject':{'reference':'Patient/pb'},"
                    + "'focus':[{'reference':'#x'},{'reference':'#y'}]}",
                medicationRequest("mr1", "pa", "1049502"),
                medicationRequest("mr2", "pb", "999"),
                "{'resourceType':'Condition','id':'c1',"
                    + "'contained':[{'resourceType':'Practitioner','id':'dr',"
                    + "'name':[{'family':'Smith'}]}],"
                    + "'code':{'text':'flu'},'subject':{'reference':'Patient/pb'},"
                    + "'asserter':{'reference':'#dr'}}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String medication(String id, String code) {
    return "{'resourceType':'Medication','id':'"
        + id
        + "','code':{'coding':[{'system':'"
        + RXNORM
        + "','code':'"
        + code
        + "'}]}}";
  }

  private static String medicationRequest(String id, String patient, String code) {
    return "{'resourceType':'MedicationRequest','id':'"
        + id
        + "','contained':["
        + medication("med", code)
        + "],'status':'active','intent':'order','medicationReference':{'reference':'#med'},"
        + "'subject':{'reference':'Patient/"
        + patient
        + "'}}";
  }

  static Stream<Arguments> searches() {
    return Stream.of(
        // query, expected fullUrl tails (any order)
        Arguments.of("Medication?code=1049502", "Medication/m1"),
        Arguments.of("Medication?code=1049502&_contained=false", "Medication/m1"),
        Arguments.of("Medication?code=1049502&_contained=true", "MedicationRequest/mr1"),
        Arguments.of(
            "Medication?code=" + RXNORM.replace(":", "%3A") + "%7C1049502&_contained=both",
            "Medication/m1,MedicationRequest/mr1"),
        Arguments.of(
            "Medication?code=1049502&_contained=true&_containedType=contained",
            "MedicationRequest/mr1#med"),
        Arguments.of(
            "Medication?code=1049502&_contained=both&_containedType=contained",
            "Medication/m1,MedicationRequest/mr1#med"),
        Arguments.of("Medication?_contained=true", "MedicationRequest/mr1,MedicationRequest/mr2"),
        Arguments.of("Medication?_id=med&_contained=true&code=999", "MedicationRequest/mr2"),
        // Containers of any type.
        Arguments.of("Practitioner?family=smith&_contained=true", "Observation/obs1,Condition/c1"),
        Arguments.of(
            "Practitioner?family=smith&_contained=true&_containedType=contained",
            "Observation/obs1#dr,Condition/c1#dr"),
        Arguments.of("Practitioner?family=smith", ""),
        Arguments.of("Patient?family=contained", ""),
        Arguments.of("Patient?family=contained&_contained=true", "Observation/obs1"),
        Arguments.of(
            "Patient?family=contained,twin&_contained=true", "Observation/obs1,Observation/obs2"),
        Arguments.of("Patient?_contained=true", "Observation/obs1,Observation/obs2"),
        Arguments.of("Patient?_id=x&_contained=true", "Observation/obs2"),
        Arguments.of("Patient?gender=female&family=contained&_contained=true", "Observation/obs1"),
        // Approximation (docs/search-semantics.md): two parameters may match in two different
        // contained resources of one container (Twin is male, Other is female).
        Arguments.of("Patient?gender=female&family=twin&_contained=true", "Observation/obs2"),
        // _containedType=contained returns every contained resource of the type of a match.
        Arguments.of(
            "Patient?family=twin&_contained=true&_containedType=contained",
            "Observation/obs2#x,Observation/obs2#y"),
        Arguments.of(
            "Patient?family=able,contained&_contained=both", "Patient/pa,Observation/obs1"));
  }

  @ParameterizedTest
  @MethodSource
  void searches(String query, String expected) {
    JsonNode b = get(query);
    assertThat(fullUrls(b))
        .containsExactlyInAnyOrderElementsOf(
            expected.isEmpty() ? List.of() : List.of(expected.split(",")));
  }

  @Test
  void containedEntriesCarryTheContainedResource() {
    JsonNode b = get("Medication?code=1049502&_contained=true&_containedType=contained");
    JsonNode resource = b.path("entry").get(0).path("resource");
    assertThat(resource.path("resourceType").asText()).isEqualTo("Medication");
    assertThat(resource.path("id").asText()).isEqualTo("med");
    assertThat(b.path("entry").get(0).path("search").path("mode").asText()).isEqualTo("match");
    assertThat(b.path("entry").get(0).path("fullUrl").asText())
        .isEqualTo(fhirBase() + "/MedicationRequest/mr1#med");
  }

  @Test
  void pagingAndTotalsCountContainers() {
    JsonNode first = get("Medication?_contained=true&_count=1&_total=accurate");
    assertThat(first.path("total").asInt()).isEqualTo(2);
    assertThat(fullUrls(first)).containsExactly("MedicationRequest/mr1");
    String next = link(first, "next");
    assertThat(next).contains("_contained=true");
    HttpResponse<String> r = http.get(next.substring(fhirBase().length()));
    JsonNode second = Json.parse(r.body());
    assertThat(fullUrls(second)).containsExactly("MedicationRequest/mr2");
    assertThat(link(second, "next")).isNull();

    assertThat(get("Medication?_contained=true&code=1049502&_summary=count").path("total").asInt())
        .isEqualTo(1);
    assertThat(get("Patient?_contained=both&_summary=count").path("total").asInt()).isEqualTo(4);
  }

  @Test
  void aPatientSeesOnlyContainersInTheirCompartment() {
    String[] pa = TestCallers.header(TestCallers.patient("user-pa", "pa"));
    HttpResponse<String> r = http.get("/Patient?_contained=true", pa);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(fullUrls(Json.parse(r.body()))).containsExactly("Observation/obs1");
    r = http.get("/Medication?_contained=true&_containedType=contained&_total=accurate", pa);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = Json.parse(r.body());
    assertThat(fullUrls(b)).containsExactly("MedicationRequest/mr1#med");
    assertThat(b.path("total").asInt()).isEqualTo(1);
    r = http.get("/Patient?_contained=both&family=baker,twin,able", pa);
    assertThat(fullUrls(Json.parse(r.body()))).containsExactly("Patient/pa");
  }

  @Test
  void unsupportedCombinationsAreRefusedOrReported() {
    assertThat(http.get("/Patient?_contained=maybe").statusCode()).isEqualTo(400);
    assertThat(http.get("/Patient?_contained=true&_containedType=both").statusCode())
        .isEqualTo(400);
    assertThat(http.get("/Patient?_contained=true&_sort=family").statusCode()).isEqualTo(400);
    String[] strict = {"Prefer", "handling=strict"};
    assertThat(http.get("/Patient?_contained=true&organization.name=x", strict).statusCode())
        .isEqualTo(400);
    assertThat(
            http.get("/Medication?_contained=true&_include=Medication:manufacturer", strict)
                .statusCode())
        .isEqualTo(400);
    // Lenient: ignored and reported.
    JsonNode b = get("Medication?_contained=true&code=999&_include=Medication:manufacturer");
    assertThat(fullUrls(b)).containsExactly("MedicationRequest/mr2");
    assertThat(b.toString()).contains("_include");
  }

  @Test
  void updatingOrDeletingTheContainerReplacesItsContainedRows() {
    assertThat(
            http.put("/MedicationRequest/mr3", json(medicationRequest("mr3", "pa", "111")))
                .statusCode())
        .isEqualTo(201);
    assertThat(fullUrls(get("Medication?code=111&_contained=true")))
        .containsExactly("MedicationRequest/mr3");
    assertThat(
            http.put("/MedicationRequest/mr3", json(medicationRequest("mr3", "pa", "222")))
                .statusCode())
        .isEqualTo(200);
    assertThat(fullUrls(get("Medication?code=111&_contained=true"))).isEmpty();
    assertThat(fullUrls(get("Medication?code=222&_contained=true")))
        .containsExactly("MedicationRequest/mr3");
    assertThat(http.delete("/MedicationRequest/mr3").statusCode()).isIn(200, 204);
    assertThat(fullUrls(get("Medication?code=222&_contained=true"))).isEmpty();
    assertThat(fullUrls(get("Medication?_contained=true")))
        .containsExactlyInAnyOrder("MedicationRequest/mr1", "MedicationRequest/mr2");
  }

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private JsonNode get(String pathAndQuery) {
    HttpResponse<String> r = http.get("/" + pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery + " " + r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  private List<String> fullUrls(JsonNode bundle) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : bundle.path("entry")) {
      if (e.path("search").path("mode").asText().equals("match")) {
        out.add(e.path("fullUrl").asText().substring(fhirBase().length() + 1));
      }
    }
    return out;
  }

  private static String link(JsonNode bundle, String relation) {
    for (JsonNode l : bundle.path("link")) {
      if (l.path("relation").asText().equals(relation)) {
        return l.path("url").asText();
      }
    }
    return null;
  }
}
