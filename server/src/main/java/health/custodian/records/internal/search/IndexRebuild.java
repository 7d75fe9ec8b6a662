package health.custodian.records.internal.search;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Drops the value-ordered search indexes before a large bulk index pass and builds them again after
 * it (V28's functions, which run as the schema owner). Inserting a few million index rows one by
 * one costs a random B-tree page each, and more once the indexes outgrow {@code shared_buffers};
 * {@code CREATE INDEX} sorts instead (measured in docs/benchmarks.md). The indexes on {@code
 * res_pk} stay, so writes during the pass still find the rows they replace; searches meanwhile stay
 * correct, only slower.
 *
 * <p>Worth it only when the pass is large against what is already indexed, since the rebuild sorts
 * every row, old and new: when the pending resources are at least {@code
 * custodian.search.rebuild-indexes-from} and at least as many as those already indexed.
 */
@Component
class IndexRebuild {

  private static final Logger log = LoggerFactory.getLogger(IndexRebuild.class);

  private final JdbcTemplate jdbc;
  private final long from;

  IndexRebuild(JdbcTemplate jdbc, SearchIndexSettings settings) {
    this.jdbc = jdbc;
    this.from = settings.rebuildIndexesFrom();
  }

  /** Whether indexing {@code pending} resources should go without the value indexes. */
  boolean worthIt(long pending) {
    if (from <= 0 || pending < from) {
      return false;
    }
    Long live = jdbc.queryForObject("select count(*) from resource where not deleted", Long.class);
    long indexed = (live == null ? 0 : live) - pending;
    return pending >= indexed;
  }

  /** Drops the value indexes; returns how many. */
  int suspend() {
    Integer n = jdbc.queryForObject("select suspend_search_indexes()", Integer.class);
    log.info("Dropped {} search value indexes for a bulk index pass", n);
    return n == null ? 0 : n;
  }

  /** Whether indexes are dropped (a pass is running, or one was interrupted by a crash). */
  boolean anySuspended() {
    return Boolean.TRUE.equals(
        jdbc.queryForObject("select exists (select 1 from search_index_suspended)", Boolean.class));
  }

  /** Builds every dropped index again; returns how many were built. */
  int restore() {
    return restore(new StepTimes());
  }

  /**
   * Builds every dropped index again, each in its own transaction (V36), adding each one's time to
   * {@code times}; returns how many were built.
   */
  int restore(StepTimes times) {
    long start = System.nanoTime();
    List<String> names =
        jdbc.queryForList("select name from search_index_suspended order by name", String.class);
    int n = 0;
    for (String name : names) {
      if (Boolean.TRUE.equals(
          times.time(
              "rebuild." + name,
              () -> jdbc.queryForObject("select restore_search_index(?)", Boolean.class, name)))) {
        n++;
      }
    }
    log.info("Built {} search value indexes in {} ms", n, (System.nanoTime() - start) / 1_000_000);
    return n;
  }
}
