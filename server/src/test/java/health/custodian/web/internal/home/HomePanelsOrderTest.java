package health.custodian.web.internal.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recently changed records are ordered by instant, whatever the text of meta.lastUpdated. */
class HomePanelsOrderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aWholeSecondSortsBeforeLaterMillisecondsOfTheSameSecond() throws Exception {
    List<JsonNode> changes =
        new ArrayList<>(
            List.of(
                changed("a", "2026-11-27T02:03:05Z"),
                changed("b", "2026-11-27T02:03:05.120Z"),
                changed("c", "2026-11-27T02:03:04.999Z"),
                changed("d", "not a date")));
    changes.sort(Comparator.comparing(HomePanels::lastUpdated).reversed());
    assertThat(changes).extracting(r -> r.path("id").asText()).containsExactly("b", "a", "c", "d");
  }

  private static JsonNode changed(String id, String lastUpdated) throws Exception {
    return JSON.readTree(
        "{\"resourceType\":\"Patient\",\"id\":\""
            + id
            + "\",\"meta\":{\"lastUpdated\":\""
            + lastUpdated
            + "\"}}");
  }
}
