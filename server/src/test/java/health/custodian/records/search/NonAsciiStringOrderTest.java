package health.custodian.records.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * String sort and matching on values beyond ASCII (R4 search 3.1.1.4.9 string, 3.1.1.5.3
 * "Sorting"): the normalized values sort in Unicode code point order, as the database's collation
 * (the builtin provider's C.UTF-8, docs/adr/0008-builtin-collation-provider.md) compares them, on
 * every page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonAsciiStringOrderTest extends IntegrationTest {

  // id -> family; the normalized value (lower case, marks removed) in code point order:
  // abel, emile, zeta, øre (U+00F8), ωmega (U+03C9), 中村 (U+4E2D), ａb (U+FF41), 𝔄lpha (U+1D504).
  // UTF-16 order would put 𝔄 (a surrogate pair, D835) before ａ (FF41); a linguistic collation
  // would put øre and ωmega among the Latin names.
  private static final String[][] PATIENTS = {
    {"zeta", "Zeta"},
    {"ore", "Øre"},
    {"abel", "Ábel"},
    {"fraktur", "\uD835\uDD04lpha"},
    {"nakamura", "中村"},
    {"emile", "Émile"},
    {"fullwidth", "\uFF21b"},
    {"omega", "Ωmega"},
  };
  private static final List<String> CODE_POINT_ORDER =
      List.of("abel", "emile", "zeta", "ore", "omega", "nakamura", "fullwidth", "fraktur");
  private static final List<String> REVERSED =
      List.of("fraktur", "fullwidth", "nakamura", "omega", "ore", "zeta", "emile", "abel");

  private Http http;

  @BeforeAll
  void load() {
    http = new Http(fhirBase());
    String[] resources = new String[PATIENTS.length];
    for (int i = 0; i < PATIENTS.length; i++) {
      resources[i] =
          "{'resourceType':'Patient','id':'"
              + PATIENTS[i][0]
              + "','name':[{'family':'"
              + PATIENTS[i][1]
              + "'}]}";
    }
    HttpResponse<String> r = http.post("", SearchData.transaction(resources));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void sortsByCodePoint() {
    assertThat(allPages("Patient?_sort=family&_count=100")).isEqualTo(CODE_POINT_ORDER);
    assertThat(allPages("Patient?_sort=-family&_count=100")).isEqualTo(REVERSED);
  }

  @Test
  void pagesContinueInTheSameOrder() {
    // Each page after the first starts after the previous page's last value, compared in SQL.
    assertThat(allPages("Patient?_sort=family&_count=3")).isEqualTo(CODE_POINT_ORDER);
    assertThat(allPages("Patient?_sort=-family&_count=2")).isEqualTo(REVERSED);
  }

  @Test
  void matchesNonAsciiPrefixesAndSubstrings() {
    assertThat(allPages("Patient?family=øR")).containsExactly("ore");
    assertThat(allPages("Patient?family=ÁBE")).containsExactly("abel");
    assertThat(allPages("Patient?family=ωM")).containsExactly("omega");
    assertThat(allPages("Patient?family:contains=村")).containsExactly("nakamura");
    assertThat(allPages("Patient?family:contains=\uD835\uDD04")).containsExactly("fraktur");
    assertThat(allPages("Patient?family:exact=Øre")).containsExactly("ore");
    assertThat(allPages("Patient?family:exact=øre")).isEmpty();
  }

  private List<String> allPages(String query) {
    List<String> ids = new ArrayList<>();
    String next = "/" + query;
    while (next != null) {
      HttpResponse<String> r = http.get(next);
      assertThat(r.statusCode()).as(next + " " + r.body()).isEqualTo(200);
      JsonNode bundle = Json.parse(r.body());
      ids.addAll(IncludeSortShapeTest.ids(bundle, "match"));
      next = null;
      for (JsonNode link : bundle.path("link")) {
        if (link.path("relation").asText().equals("next")) {
          next = link.path("url").asText().substring(fhirBase().length());
        }
      }
    }
    return ids;
  }
}
