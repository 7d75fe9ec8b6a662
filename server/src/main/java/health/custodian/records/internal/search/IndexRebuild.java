package health.custodian.records.internal.search;

import health.custodian.records.internal.storage.BoundedWriters;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drops the value-ordered search indexes before a large bulk index pass and builds them again after
 * it (V28's and V36's functions, which run as the schema owner), together with the planner
 * statistics refresh that ends a large pass ({@link #finish}). Inserting a few million index rows
 * one by one costs a random B-tree page each, and more once the indexes outgrow {@code
 * shared_buffers}; {@code CREATE INDEX} sorts instead (measured in docs/benchmarks.md). The indexes
 * on {@code res_pk} stay, so writes during the pass still find the rows they replace; searches
 * meanwhile stay correct, only slower.
 *
 * <p>Worth it only when the pass is large against what is already indexed, since the rebuild sorts
 * every row, old and new: when the pending resources are at least {@code
 * custodian.search.rebuild-indexes-from} and at least as many as those already indexed.
 */
@Component
class IndexRebuild {

  private static final Logger log = LoggerFactory.getLogger(IndexRebuild.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final long from;
  private final int sessions;
  private final int workers;

  IndexRebuild(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, SearchIndexSettings settings) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.from = settings.rebuildIndexesFrom();
    this.sessions = Math.max(1, settings.rebuildSessions());
    this.workers = settings.rebuildWorkers();
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
    return finish(List.of(), new StepTimes());
  }

  /**
   * Builds every dropped index again, each in its own transaction (V36), then refreshes the planner
   * statistics of {@code analyze}, all on {@code rebuildSessions} connections at once, the largest
   * index first, adding each step's time to {@code times}; returns how many indexes were built. The
   * first failure is rethrown once the steps in flight are done; an index not built stays recorded
   * and is built by the next pass or start.
   *
   * <p>A GIN build uses one core (PostgreSQL 17 builds only B-trees and BRIN in parallel), and so
   * does each ANALYZE: one after the other they left the second core idle for most of their 11 s
   * after 184k resources (docs/benchmarks.md, Bulk data, "the index phase"). ANALYZE needs no value
   * index (there is no expression index to sample); it waits only while its table's own index is
   * still being built, which the order (indexes first) makes short.
   */
  int finish(List<String> analyze, StepTimes times) {
    long start = System.nanoTime();
    // Largest table first, so that the last build to finish is a small one.
    List<String> names =
        jdbc.queryForList(
            "select name from search_index_suspended order by pg_table_size(to_regclass("
                + "substring(definition from ' ON (\\S+) '))) desc nulls last, name",
            String.class);
    if (names.isEmpty() && analyze.isEmpty()) {
      return 0;
    }
    AtomicInteger built = new AtomicInteger();
    try (BoundedWriters steps =
        new BoundedWriters(
            "search-index-finish",
            sessions,
            () -> new IllegalStateException("interrupted while building search indexes"))) {
      for (String name : names) {
        steps.submit(() -> times.time("rebuild." + name, () -> build(name, built)));
      }
      for (String table : analyze) {
        // Table names from a fixed list (PendingIndex.STATISTICS_TABLES), never input.
        steps.submit(() -> times.time("analyze." + table, () -> jdbc.execute("analyze " + table)));
      }
      steps.drain();
    }
    log.info(
        "Built {} search value indexes and refreshed the planner statistics of {} tables in {} ms",
        built.get(),
        analyze.size(),
        (System.nanoTime() - start) / 1_000_000);
    return built.get();
  }

  private void build(String name, AtomicInteger built) {
    tx.executeWithoutResult(
        status -> {
          if (workers >= 0) {
            // Only for this transaction: the connection goes back to the pool afterwards.
            jdbc.execute("set local max_parallel_maintenance_workers = " + workers);
          }
          if (Boolean.TRUE.equals(
              jdbc.queryForObject("select restore_search_index(?)", Boolean.class, name))) {
            built.incrementAndGet();
          }
        });
  }
}
