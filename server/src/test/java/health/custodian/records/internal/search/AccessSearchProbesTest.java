package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.WriteSessions;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import health.custodian.testsupport.TestCallers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The access conditions' cheaper probes (issue #5, docs/benchmarks.md 2026-11-27): current security
 * labels read from the current version's row, the compartment probe left out only when the search's
 * own criteria imply it. Answers must be exactly those of the rules: patient p1 (compartment of p1,
 * label R hidden).
 */
@Import(TestAccessConfiguration.class)
class AccessSearchProbesTest extends IntegrationTest {

  private static final String RESTRICTED =
      "\"meta\":{\"security\":[{\"system\":"
          + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},";

  @Autowired TestAccessPolicy policy;
  @Autowired AccessCompartmentCriteria criteria;
  @Autowired AccessConditions conditions;
  @Autowired JdbcSearchService search;
  @Autowired WriteSessions sessions;
  @Autowired JdbcTemplate jdbc;

  private Http http;
  private final Caller p1 = TestCallers.patient("probe-user-1", "p1");

  /** Writes of the label tests go to p3's record, so that p1's stays as created. */
  private final Caller p3 = TestCallers.patient("probe-user-3", "p3");

  /** A caller whose only rule is the hidden label R (no compartment, which pending rows lack). */
  private final Caller clinician = TestCallers.clinician("probe-dr", null);

  private final AccessRules p1Rules = rules("p1");

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    policy.reset();
    if (http.get("/Patient/p1").statusCode() == 404) {
      for (String p : List.of("p1", "p2", "p3")) {
        http.putOk("Patient/" + p, "{\"resourceType\":\"Patient\",\"id\":\"" + p + "\"}");
      }
      http.putOk("Observation/a", observation("a", "", "p1", null));
      http.putOk("Observation/b", observation("b", RESTRICTED, "p1", null));
      http.putOk("Observation/c", observation("c", "", "p2", null));
      http.putOk("Observation/d", observation("d", "", "p1", "p2"));
    }
    policy.use(
        (caller, interaction, type) -> {
          if (caller.id().equals(clinician.id())) {
            return new AccessRules(true, null, null, List.of(), Set.of("R"), false, false);
          }
          String patient = caller.patientId();
          return patient == null ? AccessRules.unrestricted() : rules(patient);
        });
  }

  @Test
  void theCompartmentIsImpliedOnlyByOneReferenceToOneOfTheCallersPatients() {
    Set<String> mine = Set.of("p1");
    assertThat(implied("subject", "Patient/p1", mine)).isTrue();
    assertThat(implied("subject:Patient", "p1", mine)).isTrue();
    assertThat(implied("performer", "Patient/p1", mine)).isTrue();
    assertThat(implied("subject", "Patient/p1/_history/2", mine)).isTrue();

    assertThat(implied("subject", "Patient/p2", mine)).isFalse();
    assertThat(implied("subject", "Patient/p1,Patient/p2", mine)).isFalse();
    assertThat(implied("subject", "Group/p1", mine)).isFalse();
    assertThat(implied("subject", "p1", mine)).isFalse();
    assertThat(implied("subject", "http://elsewhere.org/fhir/Patient/p1", mine)).isFalse();
    assertThat(implied("subject:missing", "false", mine)).isFalse();
    assertThat(implied("subject:Group", "p1", mine)).isFalse();
    assertThat(implied("subject.name", "x", mine)).isFalse();
    assertThat(implied("encounter", "Encounter/p1", mine)).isFalse();
    assertThat(implied("_id", "p1", mine)).isFalse();
    assertThat(criteria.implied("Patient", Map.of("link", List.of("Patient/p1")), mine))
        .as("a Patient is in its own compartment by id, not by its references")
        .isFalse();
    // Repetitions are ANDed: one implying repetition suffices.
    assertThat(
            criteria.implied(
                "Observation",
                Map.of("subject", List.of("Patient/p1,Patient/p2", "Patient/p1")),
                mine))
        .isTrue();

    assertThat(criteria.impliedByCompartment("Patient", "p1", "Observation", mine)).isTrue();
    assertThat(criteria.impliedByCompartment("Patient", "p2", "Observation", mine)).isFalse();
    assertThat(criteria.impliedByCompartment("Patient", "p1", "Patient", mine)).isFalse();
    assertThat(criteria.impliedByCompartment("Encounter", "p1", "Observation", mine)).isFalse();
  }

  @Test
  void searchesAnswerAsTheRulesSayWithOrWithoutTheCompartmentProbe() {
    assertThat(ids("/Observation?subject=Patient/p1&_total=accurate")).containsExactly("a", "d");
    assertThat(total("/Observation?subject=Patient/p1&_total=accurate")).isEqualTo(2);
    assertThat(ids("/Observation?subject:Patient=p1")).containsExactly("a", "d");
    assertThat(ids("/Observation?subject=Patient/p2&_total=accurate")).isEmpty();
    assertThat(total("/Observation?subject=Patient/p2&_total=accurate")).isZero();
    // d is p2's performer and p1's subject: in p1's compartment, so visible.
    assertThat(ids("/Observation?performer=Patient/p2")).containsExactly("d");
    assertThat(ids("/Observation?status=final")).containsExactly("a", "d");
    assertThat(ids("/Patient/p1/Observation")).containsExactly("a", "d");
    assertThat(ids("/Patient/p2/Observation")).containsExactly("d");

    // Paging keeps the implied search's total and the rest of its matches.
    JsonNode first = Json.parse(get("/Observation?subject=Patient/p1&_count=1&_total=accurate"));
    assertThat(first.path("total").asInt()).isEqualTo(2);
    String next = link(first, "next");
    assertThat(next).isNotNull();
    JsonNode second = Json.parse(get(next.substring(next.indexOf("/Observation"))));
    assertThat(entries(second)).containsExactly("d");
  }

  @Test
  void theLabelsOfTheCurrentVersionDecideAtOnceAfterEveryWrite() {
    http.putOk("Observation/e", observation("e", "", "p3", null));
    assertThat(ids(p3, "/Observation?subject=Patient/p3")).contains("e");

    http.putOk("Observation/e", observation("e", RESTRICTED, "p3", null));
    assertThat(ids(p3, "/Observation?subject=Patient/p3")).doesNotContain("e");
    assertThat(http.get("/Observation/e", TestCallers.header(p3)).statusCode()).isEqualTo(404);

    http.putOk("Observation/e", observation("e", "", "p3", null));
    assertThat(ids(p3, "/Observation?subject=Patient/p3")).contains("e");
    assertThat(http.get("/Observation/e", TestCallers.header(p3)).statusCode()).isEqualTo(200);

    assertThat(http.delete("/Observation/e").statusCode()).isIn(200, 204);
    assertThat(ids(p3, "/Observation?subject=Patient/p3")).doesNotContain("e");
  }

  @Test
  void labelsHideBulkLoadedResourcesBeforeTheirIndexRowsAreWritten() {
    // Written the way a bulk import writes (index rows pending): no _security rows exist yet, the
    // version's own labels already hide it.
    sessions.inTransaction(
        session -> {
          session.deferIndexing();
          ObjectNode r = (ObjectNode) FhirJson.parse(observation("f", RESTRICTED, "p3", null));
          session.update("Observation", "f", r, null, "PUT");
          ObjectNode g = (ObjectNode) FhirJson.parse(observation("g", "", "p3", null));
          session.update("Observation", "g", g, null, "PUT");
          return null;
        });
    assertThat(http.get("/Observation/f", TestCallers.header(clinician)).statusCode())
        .isEqualTo(404);
    assertThat(http.get("/Observation/g", TestCallers.header(clinician)).statusCode())
        .isEqualTo(200);
    // A patient's compartment is still judged by the (pending) index rows: not yet visible.
    assertThat(http.get("/Observation/g", TestCallers.header(p3)).statusCode()).isEqualTo(404);
    assertThat(http.get("/Observation/f").statusCode()).isEqualTo(200);
  }

  @Test
  void theLabelsAreOneKeyLookupAndAnImpliedCompartmentIsNotProbed() {
    // p1 searching p1's subject: the compartment is implied, only the label test remains.
    assertThat(plan("Patient/p1"))
        .contains("resource_version_pkey")
        .doesNotContain("(param_id + 0)")
        .doesNotContain("sp_token")
        .doesNotContain("sp_param");
    // p1 searching p2's subject: the compartment probe stays.
    assertThat(plan("Patient/p2"))
        .contains("(param_id + 0)")
        .contains("resource_version_pkey")
        .doesNotContain("sp_token")
        .doesNotContain("sp_param");
  }

  /** The plan of p1's search of Observations by subject, conditions built as the gateway does. */
  private String plan(String subject) {
    Map<String, List<String>> parameters = Map.of("subject", List.of(subject));
    List<SqlCondition> where =
        search.conditions("Observation", parameters, false, new ArrayList<>());
    where.addAll(
        conditions.of(
            "Observation",
            p1Rules,
            p1,
            false,
            AccessSearch.LabelsOf.CURRENT,
            criteria.implied("Observation", parameters, Set.of("p1"))));
    SqlCondition all = AccessConditions.and(DrivingSet.rewrite(where));
    String sql = "select r.pk, count(*) over () from resource r where " + all.sql();
    List<Object> args = new ArrayList<>(all.args());
    // The test data fit in a page or two, where a scan beats any index: costed as a real store's.
    String plan =
        jdbc.execute(
            (java.sql.Connection c) -> {
              List<String> lines = new ArrayList<>();
              try (java.sql.Statement st = c.createStatement()) {
                st.execute("set enable_seqscan = off");
                try (java.sql.PreparedStatement ps =
                    c.prepareStatement("explain " + sql + " order by r.pk")) {
                  new org.springframework.jdbc.core.ArgumentPreparedStatementSetter(args.toArray())
                      .setValues(ps);
                  try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      lines.add(rs.getString(1));
                    }
                  }
                } finally {
                  st.execute("reset enable_seqscan");
                }
              }
              return String.join("\n", lines);
            });
    return String.valueOf(plan);
  }

  private static AccessRules rules(String patient) {
    return new AccessRules(true, null, Set.of(patient), List.of(), Set.of("R"), false, false);
  }

  private boolean implied(String name, String value, Set<String> patients) {
    return criteria.implied("Observation", Map.of(name, List.of(value)), patients);
  }

  private static String observation(
      String id, String meta, String subject, @org.jspecify.annotations.Nullable String performer) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\","
        + meta
        + "\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/"
        + subject
        + "\"}"
        + (performer == null
            ? ""
            : ",\"performer\":[{\"reference\":\"Patient/" + performer + "\"}]")
        + "}";
  }

  private String get(String path) {
    return get(p1, path);
  }

  private String get(Caller caller, String path) {
    var response = http.get(path, TestCallers.header(caller));
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private List<String> ids(String path) {
    return ids(p1, path);
  }

  private List<String> ids(Caller caller, String path) {
    return entries(Json.parse(get(caller, path)));
  }

  private int total(String path) {
    return Json.parse(get(path)).path("total").asInt();
  }

  private static List<String> entries(JsonNode bundle) {
    Set<String> out = new TreeSet<>();
    for (JsonNode e : bundle.path("entry")) {
      out.add(e.path("resource").path("id").asText());
    }
    return List.copyOf(out);
  }

  private static @org.jspecify.annotations.Nullable String link(JsonNode bundle, String relation) {
    for (JsonNode l : bundle.path("link")) {
      if (relation.equals(l.path("relation").asText())) {
        return l.path("url").asText();
      }
    }
    return null;
  }
}
