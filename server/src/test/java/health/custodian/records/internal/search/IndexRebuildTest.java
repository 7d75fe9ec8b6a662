package health.custodian.records.internal.search;

import static health.custodian.records.internal.search.DeferredPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.internal.storage.WriteSessions;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.RuntimeRoleDdl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A large bulk index pass drops the value-ordered indexes and builds them again (V28, {@link
 * IndexRebuild}); here "large" is any pass at least as big as what is indexed already. The indexes
 * must come back exactly, after a normal pass and after a crash in the middle of one, searches must
 * answer as before, and the runtime role must gain no other DDL.
 */
@TestPropertySource(properties = "custodian.search.rebuild-indexes-from=1")
class IndexRebuildTest extends IntegrationTest {

  private static final String VALUE_INDEXES =
      "select indexname from pg_indexes where schemaname = 'public' and tablename like 'sp\\_%'"
          + " order by 1";

  @Autowired JdbcTemplate jdbc;
  @Autowired WriteSessions sessions;
  @Autowired PendingIndex pending;
  @Autowired IndexRebuild rebuild;

  private Http http;
  private DeferredPatients store;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
    store = new DeferredPatients(sessions, http);
  }

  private List<String> indexes() {
    return jdbc.queryForList(VALUE_INDEXES, String.class);
  }

  @Test
  void aLargePassDropsTheValueIndexesAndBuildsThemAgain() {
    List<String> before = indexes();
    assertThat(before).contains("sp_token_value", "sp_fulltext_content", "sp_token_res");
    store.write(patient("a", "Quill", "female"), patient("b", "Quill", "male"));
    assertThat(rebuild.worthIt(pending.count())).isTrue();

    AtomicInteger rebuilding = new AtomicInteger();
    assertThat(pending.indexAll(done -> {}, rebuilding::incrementAndGet)).isEqualTo(2);

    assertThat(rebuilding).hasValue(1);
    assertThat(indexes()).isEqualTo(before);
    assertThat(rebuild.anySuspended()).isFalse();
    assertThat(store.total("/Patient?family=quill")).isEqualTo(2);
    assertThat(store.total("/Patient?gender=female")).isEqualTo(1);
    assertThat(store.total("/Patient?_content=quill")).isEqualTo(2);
  }

  @Test
  void aSmallPassIntoALargerStoreKeepsTheIndexes() {
    store.write(patient("c1", "Small", "female"), patient("c2", "Small", "female"));
    pending.indexAll(done -> {});
    store.write(patient("c3", "Small", "female"));
    // one pending against at least two indexed: rebuilding would sort every row for one resource
    assertThat(rebuild.worthIt(pending.count())).isFalse();
    AtomicInteger rebuilding = new AtomicInteger();
    assertThat(pending.indexAll(done -> {}, rebuilding::incrementAndGet)).isEqualTo(1);
    assertThat(rebuilding).hasValue(0);
    assertThat(store.total("/Patient?family=small")).isEqualTo(3);
  }

  @Test
  void indexesDroppedByACrashedPassAreBuiltAgainAtStartup() {
    List<String> before = indexes();
    store.write(patient("crash", "Crashed", "other"));
    assertThat(rebuild.suspend()).isPositive();
    assertThat(indexes())
        .doesNotContain("sp_token_value", "sp_string_norm")
        .contains("sp_token_res");
    // searches stay correct without them
    assertThat(
            http.put("/Patient/live", patient("live", "Crashed", "other").toString()).statusCode())
        .isEqualTo(201);
    assertThat(store.total("/Patient?family=crashed")).isEqualTo(1);

    pending.atStartup();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !rebuild.anySuspended() && pending.count() == 0);
    assertThat(indexes()).isEqualTo(before);
    assertThat(store.total("/Patient?family=crashed")).isEqualTo(2);
  }

  @Test
  void theRuntimeRoleGainsNoOtherDdl() {
    RuntimeRoleDdl.assertNoDdl(jdbc, "sp_token_res", "search_index_suspended");
    assertThat(indexes()).contains("sp_token_res");
  }
}
