package health.custodian.records.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.StatementCounter;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * _include/_revinclude, _sort, _summary/_elements, _total, compartment search and $everything (R4
 * search 3.1.1.5.x), as data: a small record set, queries, expected ids. References are not
 * enforced here so that an include can point at a resource that does not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(StatementCounter.Config.class)
@TestPropertySource(properties = "custodian.fhir.enforce-references=false")
class IncludeSortShapeTest extends IntegrationTest {

  @Autowired StatementCounter statements;

  private Http http;

  @BeforeAll
  void load() {
    http = new Http(fhirBase());
    // The div's quotes as JSON escapes, untouched by the quote swap of SearchData.
    String div = "<div xmlns=\\u0022http://www.w3.org/1999/xhtml\\u0022>Alpha</div>";
    HttpResponse<String> r =
        http.post(
            "",
            SearchData.transaction(
                "{'resourceType':'Organization','id':'org1','name':'Clinic'}",
                "{'resourceType':'Practitioner','id':'dr1','name':[{'family':'Who'}]}",
                "{'resourceType':'Patient','id':'p1','text':{'status':'generated','div':'"
                    + div
                    + "'},'name':[{'family':'Alpha','given':['Ann']}],'birthDate':'1980-01-01',"
                    + "'contact':[{'name':{'family':'Kin'}}],"
                    + "'generalPractitioner':[{'reference':'Practitioner/dr1'}],"
                    + "'managingOrganization':{'reference':'Organization/org1'},"
                    + "'link':[{'other':{'reference':'Patient/p2'},'type':'seealso'}]}",
                "{'resourceType':'Patient','id':'p2','name':[{'family':'beta'}],"
                    + "'birthDate':'1970-05-05',"
                    + "'generalPractitioner':[{'reference':'Practitioner/ghost'}],"
                    + "'link':[{'other':{'reference':'Patient/p1'},'type':'seealso'}]}",
                "{'resourceType':'Patient','id':'p3',"
                    + "'managingOrganization':{'reference':'Organization/org1'}}",
                "{'resourceType':'Encounter','id':'e1','status':'finished',"
                    + "'class':{'system':'http://terminology.hl7.org/CodeSystem/v3-ActCode',"
                    + "'code':'AMB'},'subject':{'reference':'Patient/p1'}}",
                SearchData.observation("o1", "p1", "5", "2024-01-01"),
                SearchData.observation("o2", "p1", "3", "2023-01-01"),
                SearchData.observation("o3", "p2", "7", "2022-01-01"),
                SearchData.observation("o4", "p1", null, null)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  static Stream<Arguments> includes() {
    return Stream.of(
        // query, matches (in order), included (any order)
        Arguments.of(
            "Patient?_id=p1&_include=Patient:general-practitioner", "p1", "Practitioner/dr1"),
        Arguments.of("Patient?_id=p2&_include=Patient:general-practitioner", "p2", ""),
        Arguments.of(
            "Patient?_id=p1&_include=Patient:organization:Organization", "p1", "Organization/org1"),
        Arguments.of("Patient?_id=p1&_include=Patient:organization:Practitioner", "p1", ""),
        Arguments.of(
            "Patient?_id=p1&_include=*", "p1", "Practitioner/dr1,Organization/org1,Patient/p2"),
        Arguments.of(
            "Patient?_id=p1&_revinclude=Observation:subject",
            "p1",
            "Observation/o1,Observation/o2,Observation/o4"),
        Arguments.of(
            "Observation?_id=o1&_include=Observation:subject"
                + "&_include:iterate=Patient:general-practitioner",
            "o1",
            "Patient/p1,Practitioner/dr1"),
        // Without :iterate the second hop is not followed.
        Arguments.of(
            "Observation?_id=o1&_include=Observation:subject"
                + "&_include=Patient:general-practitioner",
            "o1",
            "Patient/p1"),
        // p1 and p2 link each other: the cycle ends once both are in the result.
        Arguments.of("Patient?_id=p1&_revinclude:iterate=Patient:link", "p1", "Patient/p2"),
        Arguments.of(
            "Patient?_id=p1&_revinclude:iterate=Patient:link"
                + "&_revinclude:iterate=Observation:subject",
            "p1",
            "Patient/p2,Observation/o1,Observation/o2,Observation/o3,Observation/o4"),
        Arguments.of(
            "Organization?_revinclude=Patient:organization"
                + "&_include:iterate=Patient:general-practitioner",
            "org1",
            "Patient/p1,Patient/p3,Practitioner/dr1"));
  }

  @ParameterizedTest
  @MethodSource
  void includes(String query, String matches, String included) {
    JsonNode bundle = get(query);
    assertThat(ids(bundle, "match")).containsExactly(matches.split(","));
    assertThat(typedIds(bundle, "include"))
        .containsExactlyInAnyOrder(included.isEmpty() ? new String[0] : included.split(","));
  }

  static Stream<Arguments> sorts() {
    return Stream.of(
        Arguments.of("Patient?_sort=family", "p1,p2,p3"),
        Arguments.of("Patient?_sort=-family", "p2,p1,p3"),
        Arguments.of("Patient?_sort=birthdate", "p2,p1,p3"),
        Arguments.of("Patient?_sort=-birthdate", "p1,p2,p3"),
        Arguments.of("Patient?_sort=-_id", "p3,p2,p1"),
        Arguments.of("Observation?_sort=-value-quantity", "o3,o1,o2,o4"),
        Arguments.of("Observation?_sort=value-quantity", "o2,o1,o3,o4"),
        Arguments.of("Observation?_sort=date", "o3,o2,o1,o4"),
        Arguments.of("Observation?_sort=code,-date", "o1,o2,o3,o4"),
        Arguments.of("Observation?_sort=code&_sort=_id", "o1,o2,o3,o4"),
        Arguments.of("Observation?subject=Patient/p1&_sort=-date", "o1,o2,o4"));
  }

  @ParameterizedTest
  @MethodSource
  void sorts(String query, String expected) {
    assertThat(ids(get(query), "match")).containsExactly(expected.split(","));
    // The same order page by page, one resource per page.
    List<String> paged = new ArrayList<>();
    String next = "/" + query + "&_count=1";
    while (next != null) {
      JsonNode page = get(next.substring(1));
      paged.addAll(ids(page, "match"));
      next = nextLink(page);
    }
    assertThat(paged).containsExactly(expected.split(","));
  }

  @Test
  void sortByAReferenceIsRefused() {
    HttpResponse<String> r = http.get("/Observation?_sort=subject");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("unsupported-sort-parameter");
  }

  @Test
  void summaryCountAnswersTheTotalOnly() {
    JsonNode b = get("Observation?_summary=count&_count=2&_sort=date");
    assertThat(b.path("total").asInt()).isEqualTo(4);
    assertThat(b.has("entry")).isFalse();
    assertThat(links(b)).doesNotContain("next");
  }

  @Test
  void totalNoneLeavesTheTotalOut() {
    assertThat(get("Observation?_total=none").has("total")).isFalse();
    assertThat(get("Observation?_total=none&_count=1").has("total")).isFalse();
    assertThat(get("Observation?_total=accurate").path("total").asInt()).isEqualTo(4);
    assertThat(get("Observation?_total=estimate").path("total").asInt()).isEqualTo(4);
  }

  @Test
  void summaryTrueKeepsSummaryElementsAndMarksSubsetted() {
    JsonNode p = resource(get("Patient?_id=p1&_summary=true"));
    assertThat(fieldNames(p)).contains("name", "birthDate", "id", "meta").doesNotContain("contact");
    assertThat(p.path("meta").path("tag").toString()).contains("SUBSETTED");
  }

  @Test
  void summaryTextAndData() {
    JsonNode text = resource(get("Patient?_id=p1&_summary=text"));
    assertThat(fieldNames(text)).containsExactlyInAnyOrder("resourceType", "id", "meta", "text");
    JsonNode data = resource(get("Patient?_id=p1&_summary=data"));
    assertThat(fieldNames(data)).contains("contact", "name").doesNotContain("text");
    JsonNode plain = resource(get("Patient?_id=p1"));
    assertThat(plain.path("meta").toString()).doesNotContain("SUBSETTED");
  }

  @Test
  void elementsKeepListedMandatoryAndNested() {
    JsonNode p = resource(get("Patient?_id=p1&_elements=birthDate"));
    assertThat(fieldNames(p)).containsExactlyInAnyOrder("resourceType", "id", "meta", "birthDate");
    assertThat(p.path("meta").path("tag").toString()).contains("SUBSETTED");
    // Observation.status and .code are mandatory (min 1): kept whatever is asked.
    JsonNode o = resource(get("Observation?_id=o1&_elements=subject"));
    assertThat(fieldNames(o))
        .containsExactlyInAnyOrder("resourceType", "id", "meta", "status", "code", "subject");
    JsonNode nested = resource(get("Patient?_id=p1&_elements=name.family"));
    assertThat(nested.path("name").get(0).toString()).isEqualTo("{\"family\":\"Alpha\"}");
    // A choice element by its stem.
    JsonNode value = resource(get("Observation?_id=o1&_elements=value"));
    assertThat(fieldNames(value)).contains("valueQuantity").doesNotContain("effectiveDateTime");
  }

  @Test
  void containedInACompartmentSearchIsReported() {
    // Contained searches themselves: ContainedSearchTest.
    JsonNode b = get("Patient/p1/Observation?_contained=true");
    assertThat(ids(b, "match")).containsExactly("o1", "o2", "o4");
    assertThat(ids(b, "outcome")).hasSize(1);
    HttpResponse<String> strict =
        http.get("/Patient/p1/Observation?_contained=both", "Prefer", "handling=strict");
    assertThat(strict.statusCode()).isEqualTo(400);
  }

  static Stream<Arguments> compartments() {
    return Stream.of(
        Arguments.of("Patient/p1/Observation", "o1,o2,o4"),
        Arguments.of("Patient/p1/Observation?value-quantity=gt4", "o1"),
        Arguments.of("Patient/p1/Observation?_sort=-value-quantity", "o1,o2,o4"),
        Arguments.of("Patient/p1/Encounter", "e1"),
        // Patient.link provides membership: p2 links p1.
        Arguments.of("Patient/p1/Patient", "p1,p2"),
        Arguments.of("Patient/p3/Observation", ""),
        // An unknown patient has an empty compartment: an empty Bundle, not 404.
        Arguments.of("Patient/nobody/Observation", ""));
  }

  @ParameterizedTest
  @MethodSource
  void compartments(String query, String expected) {
    JsonNode b = get(query);
    assertThat(ids(b, "match"))
        .containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
  }

  @Test
  void compartmentOfATypeOutsideIt() {
    assertThat(http.get("/Patient/p1/Organization").statusCode()).isEqualTo(400);
    assertThat(http.get("/Patient/p1/NoSuchType").statusCode()).isEqualTo(404);
  }

  @Test
  void compartmentWithInclude() {
    JsonNode b = get("Patient/p1/Observation?_id=o1&_include=Observation:subject");
    assertThat(ids(b, "match")).containsExactly("o1");
    assertThat(typedIds(b, "include")).containsExactly("Patient/p1");
  }

  @Test
  void everythingHasTheCompartmentAndWhatItReferences() {
    JsonNode b = get("Patient/p1/$everything");
    assertThat(typedIds(b, "match"))
        .containsExactlyInAnyOrder(
            "Patient/p1",
            "Patient/p2",
            "Encounter/e1",
            "Observation/o1",
            "Observation/o2",
            "Observation/o4",
            "Practitioner/dr1",
            "Organization/org1");
    assertThat(b.path("total").asInt()).isEqualTo(8);
    assertThat(typedIds(get("Patient/p1/$everything?_type=Observation,Encounter"), "match"))
        .containsExactlyInAnyOrder(
            "Encounter/e1", "Observation/o1", "Observation/o2", "Observation/o4");
    assertThat(typedIds(get("Patient/p1/$everything?_since=2999-01-01"), "match")).isEmpty();
    assertThat(ids(get("Patient/nobody/$everything"), "match")).isEmpty();
    HttpResponse<String> post =
        http.post(
            "/Patient/p1/$everything",
            "{\"resourceType\":\"Parameters\",\"parameter\":["
                + "{\"name\":\"_type\",\"valueString\":\"Encounter\"},"
                + "{\"name\":\"_count\",\"valueInteger\":5}]}");
    assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
    assertThat(typedIds(Json.parse(post.body()), "match")).containsExactly("Encounter/e1");
    assertThat(typedIds(get("Patient/p1/*"), "match"))
        .containsExactlyInAnyOrder(
            "Patient/p1",
            "Patient/p2",
            "Encounter/e1",
            "Observation/o1",
            "Observation/o2",
            "Observation/o4");
  }

  @Test
  void includesCostOneStatementPerLevelWhateverTheMatches() {
    String one =
        "Patient?_id=p1&_include=Patient:general-practitioner" + "&_revinclude=Observation:subject";
    String three =
        "Patient?_id=p1,p2,p3&_include=Patient:general-practitioner"
            + "&_revinclude=Observation:subject";
    get(one);
    long forOne = statements.during(() -> get(one));
    long forThree = statements.during(() -> get(three));
    // search + one include level + one load of matches and includes.
    assertThat(forOne).isEqualTo(3);
    assertThat(forThree).isEqualTo(forOne);
    long iterate =
        statements.during(
            () ->
                get(
                    "Observation?_include=Observation:subject"
                        + "&_include:iterate=Patient:general-practitioner"));
    // search + two levels (a third finds nothing new to start from) + load.
    assertThat(iterate).isLessThanOrEqualTo(5);
    long everything = statements.during(() -> get("Patient/p1/$everything"));
    assertThat(everything).isEqualTo(2);
  }

  @Test
  void capabilityStatementListsIncludesAndEverything() {
    JsonNode cs = get("metadata");
    JsonNode patient = null;
    for (JsonNode r : cs.path("rest").get(0).path("resource")) {
      if (r.path("type").asText().equals("Patient")) {
        patient = r;
      }
    }
    assertThat(patient).isNotNull();
    assertThat(patient.path("searchInclude").toString())
        .contains("Patient:general-practitioner", "\"*\"");
    assertThat(patient.path("searchRevInclude").toString()).contains("Observation:subject");
    assertThat(patient.path("operation").toString()).contains("everything");
  }

  // --- helpers

  private JsonNode get(String pathAndQuery) {
    HttpResponse<String> r = http.get("/" + pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery + " " + r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  static List<String> ids(JsonNode bundle, String mode) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : bundle.path("entry")) {
      if (e.path("search").path("mode").asText().equals(mode)) {
        out.add(e.path("resource").path("id").asText());
      }
    }
    return out;
  }

  static List<String> typedIds(JsonNode bundle, String mode) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : bundle.path("entry")) {
      if (e.path("search").path("mode").asText().equals(mode)) {
        JsonNode r = e.path("resource");
        out.add(r.path("resourceType").asText() + "/" + r.path("id").asText());
      }
    }
    return out;
  }

  static String nextLink(JsonNode bundle) {
    for (JsonNode l : bundle.path("link")) {
      if (l.path("relation").asText().equals("next")) {
        String url = l.path("url").asText();
        return url.substring(url.indexOf("/fhir/") + 5);
      }
    }
    return null;
  }

  private static List<String> links(JsonNode bundle) {
    List<String> out = new ArrayList<>();
    bundle.path("link").forEach(l -> out.add(l.path("relation").asText()));
    return out;
  }

  private static JsonNode resource(JsonNode bundle) {
    assertThat(bundle.path("entry").size()).isGreaterThan(0);
    return bundle.path("entry").get(0).path("resource");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
