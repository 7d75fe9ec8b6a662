package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import health.custodian.testsupport.TestCallers;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * History and vread judge each version by its own security labels (issue #5), under the real access
 * policy: an old version labelled R (restricted) stays hidden from a clinician without clearance R
 * after the label is removed again, in vread (404 like a missing version), instance, type and
 * system history, their totals and their paging links; a cleared clinician sees every version.
 */
class VersionLabelsAuthTest extends IntegrationTest {

  private static final String RESTRICTED =
      "\"meta\":{\"security\":[{\"system\":"
          + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},";

  private final Caller uncleared = TestCallers.clinician("vl-uncleared", "Practitioner/vl1");

  private final Caller cleared =
      new Caller(
          "vl-cleared",
          Caller.Kind.USER,
          Set.of(Role.CLINICIAN),
          Set.of(),
          null,
          Set.of("Practitioner/vl2"),
          Set.of("R"),
          null,
          null,
          null);

  private Http http;

  @BeforeEach
  void setUp() {
    http = new Http(fhirBase());
    if (http.get("/Patient/vp1").statusCode() == 404) {
      http.putOk("Patient/vp1", "{\"resourceType\":\"Patient\",\"id\":\"vp1\"}");
      // Unlabelled, then restricted, then unlabelled again.
      http.putOk("Observation/once", observation("once", "", "v1"));
      http.putOk("Observation/once", observation("once", RESTRICTED, "v2-restricted"));
      http.putOk("Observation/once", observation("once", "", "v3"));
      // Unlabelled, then restricted for good.
      http.putOk("Observation/later", observation("later", "", "plain"));
      http.putOk("Observation/later", observation("later", RESTRICTED, "restricted"));
      // Restricted from the start.
      http.putOk("Observation/always", observation("always", RESTRICTED, "restricted"));
    }
  }

  @Test
  void vreadOfARestrictedVersionAnswersLikeAMissingVersion() {
    HttpResponse<String> hidden = get("/Observation/once/_history/2", uncleared);
    HttpResponse<String> missing = get("/Observation/once/_history/9", uncleared);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).isEqualTo(missing.body().replace("Version 9", "Version 2"));
    assertThat(hidden.body()).doesNotContain("restricted");
    assertThat(get("/Observation/once/_history/1", uncleared).statusCode()).isEqualTo(200);
    assertThat(get("/Observation/once/_history/3", uncleared).statusCode()).isEqualTo(200);
    assertThat(get("/Observation/once", uncleared).statusCode()).isEqualTo(200);
    // A resource the caller cannot see at all answers vread like an unknown resource does.
    HttpResponse<String> always = get("/Observation/always/_history/1", uncleared);
    HttpResponse<String> unknown = get("/Observation/nothing-here/_history/1", uncleared);
    assertThat(always.statusCode()).isEqualTo(404);
    assertThat(always.body())
        .isEqualTo(unknown.body().replace("Observation/nothing-here", "Observation/always"));

    for (int version = 1; version <= 3; version++) {
      HttpResponse<String> r = get("/Observation/once/_history/" + version, cleared);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    assertThat(get("/Observation/once/_history/2", cleared).body()).contains("v2-restricted");
  }

  @Test
  void instanceHistoryListsCountsAndPagesOnlyTheVisibleVersions() {
    JsonNode all = history("/Observation/once/_history", uncleared);
    assertThat(all.path("total").asInt()).isEqualTo(2);
    assertThat(versions(all)).containsExactly("once/3", "once/1");
    assertThat(all.toString()).doesNotContain("v2-restricted");

    // Two visible versions in pages of two: no next link (the hidden third must not make one).
    JsonNode two = history("/Observation/once/_history?_count=2", uncleared);
    assertThat(two.path("total").asInt()).isEqualTo(2);
    assertThat(link(two, "next")).isNull();

    // Pages of one: the next page holds the first version, and nothing follows it.
    JsonNode first = history("/Observation/once/_history?_count=1", uncleared);
    assertThat(first.path("total").asInt()).isEqualTo(2);
    assertThat(versions(first)).containsExactly("once/3");
    String next = link(first, "next");
    assertThat(next).isNotNull();
    JsonNode second = history(relative(next), uncleared);
    assertThat(versions(second)).containsExactly("once/1");
    assertThat(link(second, "next")).isNull();

    JsonNode everything = history("/Observation/once/_history", cleared);
    assertThat(everything.path("total").asInt()).isEqualTo(3);
    assertThat(versions(everything)).containsExactly("once/3", "once/2", "once/1");
    assertThat(link(history("/Observation/once/_history?_count=2", cleared), "next")).isNotNull();
  }

  @Test
  void auditNamesOnlyTheVersionsShown() {
    audit.clear();
    history("/Observation/once/_history", uncleared);
    assertThat(audit.ofSubtype("history-instance"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.entities())
                    .containsExactly("Observation/once/_history/3", "Observation/once/_history/1"));
    get("/Observation/once/_history/2", uncleared);
    assertThat(audit.ofSubtype("vread"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isNotEqualTo(AuditRecord.Outcome.SUCCESS);
              assertThat(r.entities()).doesNotContain("Observation/once/_history/2");
            });
  }

  @Test
  void aVersionIsJudgedByItsOwnLabelsNotByTheCurrentOnes() {
    // Now restricted: the current version is hidden, the earlier unlabelled one is not.
    assertThat(get("/Observation/later", uncleared).statusCode()).isEqualTo(404);
    assertThat(get("/Observation/later/_history/2", uncleared).statusCode()).isEqualTo(404);
    assertThat(get("/Observation/later/_history/1", uncleared).statusCode()).isEqualTo(200);
    JsonNode later = history("/Observation/later/_history", uncleared);
    assertThat(later.path("total").asInt()).isEqualTo(1);
    assertThat(versions(later)).containsExactly("later/1");

    // Every version restricted: the history answers like an unknown resource's.
    HttpResponse<String> always = get("/Observation/always/_history", uncleared);
    HttpResponse<String> unknown = get("/Observation/nothing-here/_history", uncleared);
    assertThat(always.statusCode()).isEqualTo(404);
    assertThat(always.body())
        .isEqualTo(unknown.body().replace("Observation/nothing-here", "Observation/always"));
    assertThat(history("/Observation/always/_history", cleared).path("total").asInt()).isEqualTo(1);
  }

  @Test
  void typeAndSystemHistoryCountAndPageOnlyTheVisibleVersions() {
    List<String> visible = List.of("later/1", "once/3", "once/1");
    JsonNode type = history("/Observation/_history", uncleared);
    assertThat(type.path("total").asInt()).isEqualTo(visible.size());
    assertThat(versions(type)).containsExactlyInAnyOrderElementsOf(visible);

    JsonNode system = history("/_history?_count=1000", uncleared);
    List<String> observations = new ArrayList<>();
    for (String v : versions(system)) {
      if (!v.startsWith("vp1/")) {
        observations.add(v);
      }
    }
    assertThat(observations).containsExactlyInAnyOrderElementsOf(visible);
    assertThat(system.path("total").asInt()).isEqualTo(visible.size() + 1);
    assertThat(system.toString()).doesNotContain("restricted");

    // Paged by one: exactly as many pages as visible versions, the last without a next link.
    List<String> paged = new ArrayList<>();
    String path = "/Observation/_history?_count=1";
    for (int page = 0; path != null; page++) {
      assertThat(page).isLessThan(visible.size());
      JsonNode bundle = history(path, uncleared);
      paged.addAll(versions(bundle));
      String next = link(bundle, "next");
      path = next == null ? null : relative(next);
    }
    assertThat(paged).containsExactlyInAnyOrderElementsOf(visible);

    JsonNode clearedType = history("/Observation/_history", cleared);
    assertThat(clearedType.path("total").asInt()).isEqualTo(6);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private JsonNode history(String path, Caller caller) {
    HttpResponse<String> r = get(path, caller);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  /** {@code id/version} of each entry. */
  private static List<String> versions(JsonNode bundle) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : bundle.path("entry")) {
      JsonNode meta = e.path("resource").path("meta");
      out.add(e.path("resource").path("id").asText() + "/" + meta.path("versionId").asText());
    }
    return out;
  }

  private static @Nullable String link(JsonNode bundle, String relation) {
    for (JsonNode l : bundle.path("link")) {
      if (l.path("relation").asText().equals(relation)) {
        return l.path("url").asText();
      }
    }
    return null;
  }

  private static String relative(String url) {
    URI uri = URI.create(url);
    String path = uri.getRawPath().substring("/fhir".length());
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private HttpResponse<String> get(String path, Caller caller) {
    return http.get(path, TestCallers.header(caller));
  }

  private static String observation(String id, String meta, String note) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\","
        + meta
        + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"urn:test\",\"code\":\"c\"}]},"
        + "\"subject\":{\"reference\":\"Patient/vp1\"},\"note\":[{\"text\":\""
        + note
        + "\"}]}";
  }
}
