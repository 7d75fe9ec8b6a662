package health.custodian.records.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Sorted searches and $everything page without repeating or skipping the resources that existed
 * when the search began, while others are created, updated and deleted between pages; and the cap
 * on {@code :iterate} levels.
 */
class PagingWhileWritingTest extends IntegrationTest {

  @Test
  void sortedPagesAndEverythingPagesAreStableWhileWriting() {
    Http http = new Http(fhirBase());
    List<String> resources = new ArrayList<>();
    resources.add("{'resourceType':'Patient','id':'pw'}");
    for (int i = 0; i < 25; i++) {
      resources.add(SearchData.observation("ow" + i, "pw", String.valueOf(i % 5), "2024-01-01"));
    }
    assertThat(http.post("", SearchData.transaction(resources.toArray(String[]::new))).statusCode())
        .isEqualTo(200);

    // Sorted by value, then by pk (= creation order here): ow0, ow5, ..., ow1, ow6, ...
    List<String> expected = new ArrayList<>();
    for (int v = 0; v < 5; v++) {
      for (int i = v; i < 25; i += 5) {
        expected.add("ow" + i);
      }
    }
    List<String> seen =
        pageThrough(http, "Observation?subject=Patient/pw&_sort=value-quantity&_count=4", "sorted");
    expected.remove("ow24");
    assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(expected);

    List<String> everything = pageThrough(http, "Patient/pw/$everything?_count=4", "everything");
    // new-sorted existed before this search; ow24 went in the first round, ow23 in this one.
    List<String> all = new ArrayList<>(List.of("pw", "new-sorted"));
    IntStream.range(0, 23).forEach(i -> all.add("ow" + i));
    assertThat(everything).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void iterateStopsAtTheLevelCapAndSaysSo() {
    Http http = new Http(fhirBase());
    // c1 links c0, c2 links c1, ...: each :iterate level reaches one more.
    List<String> chain = new ArrayList<>();
    chain.add("{'resourceType':'Patient','id':'c0'}");
    for (int i = 1; i <= 7; i++) {
      chain.add(
          "{'resourceType':'Patient','id':'c"
              + i
              + "','link':[{'other':{'reference':'Patient/c"
              + (i - 1)
              + "'},'type':'seealso'}]}");
    }
    assertThat(http.post("", SearchData.transaction(chain.toArray(String[]::new))).statusCode())
        .isEqualTo(200);
    JsonNode b = Json.parse(http.get("/Patient?_id=c0&_revinclude:iterate=Patient:link").body());
    assertThat(IncludeSortShapeTest.ids(b, "include"))
        .containsExactly("c1", "c2", "c3", "c4", "c5");
    assertThat(b.toString()).contains("include-truncated");
    JsonNode shorter =
        Json.parse(http.get("/Patient?_id=c4&_revinclude:iterate=Patient:link").body());
    assertThat(IncludeSortShapeTest.ids(shorter, "include")).containsExactly("c5", "c6", "c7");
    assertThat(shorter.toString()).doesNotContain("include-truncated");
  }

  /**
   * Follows next links; after the first page it creates a new match (sorting first), updates an
   * unseen one without changing its sort value, and deletes an unseen one.
   */
  private static List<String> pageThrough(Http http, String query, String round) {
    List<String> seen = new ArrayList<>();
    String next = query;
    int page = 0;
    while (next != null) {
      var response = http.get("/" + next);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode b = Json.parse(response.body());
      seen.addAll(IncludeSortShapeTest.ids(b, "match"));
      String link = IncludeSortShapeTest.nextLink(b);
      next = link == null ? null : link.substring(1);
      if (page == 0) {
        String json =
            SearchData.observation("new-" + round, "pw", "0", "2024-02-02").replace('\'', '"');
        assertThat(http.put("/Observation/new-" + round, json).statusCode()).isEqualTo(201);
        String updated = SearchData.observation("ow19", "pw", "4", "2024-03-03").replace('\'', '"');
        assertThat(http.put("/Observation/ow19", updated).statusCode()).isEqualTo(200);
        String victim = round.equals("sorted") ? "ow24" : "ow23";
        assertThat(http.delete("/Observation/" + victim).statusCode()).isIn(200, 204);
      }
      page++;
    }
    return seen;
  }
}
