package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Searches whose token and reference conditions are rewritten into one driving key set, and {@code
 * _summary=count} read from the index tables alone: the same answers as the plain conditions, also
 * with duplicate values, deleted resources, shared parameters and extra (access) conditions.
 * Written as data: query in, ids out.
 */
class DrivingSetTest {

  private static SearchFixture db;

  @BeforeAll
  static void load() {
    db = new SearchFixture(new SearchParameterRegistry());
    // o1 has the same code twice (two codings): one resource, two index rows.
    put(obs("o1", "p1", "final", "", "{'system':'http://loinc.org','code':'1-1'}"));
    put(obs("o2", "p1", "final", "'meta':{'tag':[{'code':'t'}]},"));
    put(obs("o3", "p1", "amended", "'meta':{'tag':[{'code':'t'}]},"));
    put(obs("o4", "p2", "final", ""));
    put(obs("o5", "p1", "final", ""));
    db.delete("Observation", "o5");
    // A Condition with the same tag, subject and code: shared parameters span types.
    put(
        "{'resourceType':'Condition','id':'c1','meta':{'tag':[{'code':'t'}]},"
            + "'subject':{'reference':'Patient/p1'},"
            + "'code':{'coding':[{'system':'http://loinc.org','code':'1-1'}]}}");
  }

  private static void put(String json) {
    db.put(json, "2021-06-01T00:00:00Z");
  }

  /** o2 has code 2-2, the others 1-1; each its own month of 2020 as effective date. */
  private static String obs(String id, String patient, String status, String meta, String... more) {
    String code = id.equals("o2") ? "2-2" : "1-1";
    StringBuilder codings =
        new StringBuilder("{'system':'http://loinc.org','code':'" + code + "'}");
    for (String c : more) {
      codings.append(',').append(c);
    }
    return "{'resourceType':'Observation','id':'"
        + id
        + "',"
        + meta
        + "'status':'"
        + status
        + "','subject':{'reference':'Patient/"
        + patient
        + "'},'code':{'coding':["
        + codings
        + "]},'effectiveDateTime':'2020-0"
        + id.charAt(1)
        + "-01'}";
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("code=http://loinc.org|1-1", List.of("o1", "o3", "o4")),
        Arguments.of("code=1-1&subject=Patient/p1", List.of("o1", "o3")),
        Arguments.of("code=1-1,2-2&subject=p1&status=final", List.of("o1", "o2")),
        Arguments.of("code=1-1&code=2-2", List.of()),
        Arguments.of("subject=Patient/p1&_tag=t", List.of("o2", "o3")),
        Arguments.of("_tag=t", List.of("o2", "o3")),
        Arguments.of("code=1-1&subject=p1&status:not=final", List.of("o3")),
        Arguments.of("code=1-1&subject=p1&date=ge2020-03", List.of("o3")),
        Arguments.of("code=9-9&subject=p1", List.of()));
  }

  @ParameterizedTest(name = "Observation?{0}")
  @MethodSource("cases")
  void findsAndCounts(String query, List<String> expected) {
    SearchPage page = search(query, 100, List.of());
    assertThat(db.ids(page.pks())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(page.total()).isEqualTo(expected.size());
    // _summary=count asks for no rows: the total alone, by the index-only path where it applies.
    assertThat(search(query, 0, List.of()).total()).isEqualTo(expected.size());
    assertThat(db.ids(db.service.match("Observation", SearchFixture.query(query), 10)))
        .containsExactlyInAnyOrderElementsOf(expected);
    // Sorted by date, one row per page: the same resources, each once.
    assertThat(sortedPages(query)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void countWithExtraConditionsCountsOnlyWhatTheyAllow() {
    SqlCondition notO1 = SqlCondition.of("r.res_id <> ?", "o1");
    assertThat(search("code=1-1", 0, List.of(notO1)).total()).isEqualTo(2);
    assertThat(search("code=1-1&subject=p1", 0, List.of(notO1)).total()).isEqualTo(1);
    assertThat(db.ids(search("code=1-1&subject=p1", 10, List.of(notO1)).pks()))
        .containsExactly("o3");
  }

  @Test
  void keysOnlyForPositiveTokenAndReferenceConditions() {
    List<SqlCondition> where =
        db.service.conditions(
            "Observation",
            SearchFixture.query("code=1-1&subject=p1&status:not=final&date=2020&_tag=t"),
            true,
            new ArrayList<>());
    List<String> keyed = new ArrayList<>();
    for (SqlCondition c : where) {
      if (c.key() != null) {
        keyed.add(c.key().table() + (c.key().typeSpecific() ? "" : " shared"));
      }
    }
    assertThat(keyed).containsExactly("sp_token", "sp_reference", "sp_token shared");
    List<SqlCondition> rewritten = DrivingSet.rewrite(where);
    // type, liveness, the driving set, status:not, date
    assertThat(rewritten).hasSize(5);
    assertThat(rewritten.get(2).sql()).startsWith("r.pk in (select x0.res_pk from sp_token x0");
    assertThat(DrivingSet.countOnly(where)).isNull();
  }

  private static SearchPage search(String query, int count, List<SqlCondition> extra) {
    return db.service.search(
        new SearchRequest("Observation", SearchFixture.query(query), count, null, true), extra);
  }

  private static List<String> sortedPages(String query) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      SearchPage page =
          db.service.search(
              new SearchRequest(
                  "Observation", SearchFixture.query(query + "&_sort=-date"), 1, token, true));
      out.addAll(db.ids(page.pks()));
      token = page.nextPageToken();
    } while (token != null && out.size() < 20);
    return out;
  }
}
