package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.custodian.records.FhirException;
import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Paging by pk with the search's start bound in the token: writes between pages do not shift. */
class SearchPagingTest {

  private static SearchFixture db;

  @BeforeAll
  static void load() {
    db = new SearchFixture(new SearchParameterRegistry());
  }

  private static String patient(String id, String family) {
    return "{'resourceType':'Patient','id':'" + id + "','name':[{'family':'" + family + "'}]}";
  }

  @Test
  void pagesNeitherRepeatNorSkipWhileOthersWrite() {
    List<String> batch = IntStream.range(0, 25).mapToObj(i -> patient("a" + i, "Page")).toList();
    db.putAll(batch, "2024-01-01T00:00:00Z");
    db.put(patient("other", "Else"), "2024-01-01T00:00:00Z");
    Map<String, List<String>> params = SearchFixture.query("family=page");

    SearchPage page = db.service.search(new SearchRequest("Patient", params, 10, null, false));
    assertThat(page.total()).isEqualTo(25);
    List<String> seen = new ArrayList<>(db.ids(page.pks()));
    int round = 0;
    while (page.nextPageToken() != null) {
      // Meanwhile: new matches are created, a seen one and an unseen one are updated.
      db.put(patient("new" + round, "Page"), "2024-01-02T00:00:00Z");
      db.put(patient("a0", "Page"), "2024-01-02T00:00:00Z");
      db.put(patient("a24", "Pagel"), "2024-01-02T00:00:00Z");
      page =
          db.service.search(new SearchRequest("Patient", params, 10, page.nextPageToken(), false));
      assertThat(page.total()).isEqualTo(25);
      seen.addAll(db.ids(page.pks()));
      round++;
    }
    assertThat(round).isEqualTo(2);
    assertThat(seen)
        .doesNotHaveDuplicates()
        .containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "a" + i).toList());

    // A new search sees the new ones.
    SearchPage fresh = db.service.search(new SearchRequest("Patient", params, 100, null, false));
    assertThat(fresh.total()).isEqualTo(27);
  }

  @Test
  void countZeroGivesOnlyTheTotal() {
    db.putAll(List.of(patient("z1", "Zero"), patient("z2", "Zero")), "2024-01-01T00:00:00Z");
    SearchPage page =
        db.service.search(
            new SearchRequest("Patient", SearchFixture.query("family=zero"), 0, null, false));
    assertThat(page.pks()).isEmpty();
    assertThat(page.total()).isEqualTo(2);
    assertThat(page.nextPageToken()).isNull();
  }

  @Test
  void aTokenOnlyContinuesItsOwnSearch() {
    db.putAll(
        List.of(patient("t1", "Token"), patient("t2", "Token"), patient("t3", "Token")),
        "2024-01-01T00:00:00Z");
    SearchPage page =
        db.service.search(
            new SearchRequest("Patient", SearchFixture.query("family=token"), 1, null, false));
    String token = page.nextPageToken();
    assertThat(token).isNotNull();
    for (String bad : List.of(token.substring(1), "garbage", "")) {
      assertThatThrownBy(
              () ->
                  db.service.search(
                      new SearchRequest(
                          "Patient", SearchFixture.query("family=token"), 1, bad, false)))
          .isInstanceOfSatisfying(
              FhirException.class, e -> assertThat(e.code()).isEqualTo("invalid-page-token"));
    }
    assertThatThrownBy(
            () ->
                db.service.search(
                    new SearchRequest(
                        "Patient", SearchFixture.query("family=other"), 1, token, false)))
        .isInstanceOf(FhirException.class);
  }
}
