package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.internal.search.SearchService.SearchRequest;
import health.custodian.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The components wire into the application and find the V2 tables. */
class SearchWiringTest extends IntegrationTest {

  @Autowired SearchService search;
  @Autowired SearchIndexer indexer;

  @Test
  void searchesAnEmptyStore() {
    indexer.remove(List.of(1L));
    var page =
        search.search(new SearchRequest("Patient", Map.of("name", List.of("x")), 10, null, true));
    assertThat(page.pks()).isEmpty();
    assertThat(page.total()).isZero();
  }
}
