package health.custodian.records.internal.storage;

import jakarta.annotation.PreDestroy;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Drops {@code resource_link_target} (links by target, on random keys) before the load phase of a
 * large {@code $import} and builds it again during the index phase, with V35's functions (which run
 * as the schema owner). Each link written with the index in place costs a B-tree descent and a
 * random leaf page; {@code CREATE INDEX} sorts once (measured in docs/benchmarks.md, Bulk data).
 * {@code resource_link_src} stays, so writes during the load still replace a resource's links by
 * key. The only query by target, the delete check ({@link ResourceRepository#referrers}), scans the
 * table meanwhile: slower, still exact. V42 can drop the two history indexes of {@code
 * resource_version} the same way ({@link #suspendHistory}); they are recorded in the same table and
 * built again by the same {@link #restore}.
 *
 * <p>The rebuild is secondary-index work, so it belongs to the import's index phase, not its load
 * phase (docs/adr/0009-load-phase-boundary.md): {@link #restoreInBackground} starts it on a thread
 * of its own when the index phase starts, and the import waits for it before it completes.
 *
 * <p>Worth it only when the import is large against what is stored already, since the rebuild sorts
 * every link, old and new: the same rule as the search value indexes' rebuild ({@code
 * search.IndexRebuild}), with the import's ids counted before loading.
 */
@Component
public class LinkIndex {

  private static final Logger log = LoggerFactory.getLogger(LinkIndex.class);

  private final JdbcTemplate jdbc;
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "link-index-rebuild");
            t.setDaemon(true);
            return t;
          });

  /** Builds started and not yet done, so that {@link #stop} can release their waiters. */
  private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();

  LinkIndex(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Whether loading {@code incoming} resources should go without the index: at least {@code from}
   * of them (0 or less: never), and at least as many as the live resources already stored.
   */
  public boolean worthIt(long incoming, long from) {
    if (from <= 0 || incoming < from) {
      return false;
    }
    Long live = jdbc.queryForObject("select count(*) from resource where not deleted", Long.class);
    return incoming >= (live == null ? 0 : live);
  }

  /** Drops the index (recording its definition); returns how many indexes were dropped. */
  public int suspend() {
    Integer n = jdbc.queryForObject("select suspend_link_index()", Integer.class);
    log.info("Dropped {} resource link indexes for a bulk load", n);
    return n == null ? 0 : n;
  }

  /**
   * Drops the history indexes of {@code resource_version} (V42), recording their definitions with
   * the link index's; returns how many were dropped.
   */
  public int suspendHistory() {
    Integer n = jdbc.queryForObject("select suspend_history_indexes()", Integer.class);
    log.info("Dropped {} resource history indexes for a bulk load", n);
    return n == null ? 0 : n;
  }

  /** Whether an index is dropped (a load is running, or one was interrupted by a crash). */
  public boolean anySuspended() {
    return Boolean.TRUE.equals(
        jdbc.queryForObject("select exists (select 1 from link_index_suspended)", Boolean.class));
  }

  /**
   * Starts {@link #restore} on the background thread (one build at a time, start-up's included) and
   * returns its completion. The returned future never fails: a failed build is logged and its
   * definition stays recorded for the next import or start, since every query stays exact without
   * the index.
   */
  public CompletableFuture<Void> restoreInBackground() {
    CompletableFuture<Void> build = CompletableFuture.runAsync(this::restoreLogged, background);
    pending.add(build);
    build.whenComplete((done, failure) -> pending.remove(build));
    return build;
  }

  private void restoreLogged() {
    try {
      restore();
    } catch (RuntimeException e) {
      log.error(
          "Rebuilding the resource link index failed, left for the next import or start: {}",
          e.getClass().getName());
    }
  }

  /** Builds every dropped index again, in one transaction; returns how many were built. */
  public int restore() {
    long start = System.nanoTime();
    Integer n = jdbc.queryForObject("select restore_link_index()", Integer.class);
    log.info(
        "Built {} resource link and history indexes in {} ms",
        n,
        (System.nanoTime() - start) / 1_000_000);
    return n == null ? 0 : n;
  }

  /**
   * An index dropped by a load that a crash interrupted is built again in the background: queries
   * stay exact without it, and building it may take a while for a large store.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void atStartup() {
    if (anySuspended()) {
      restoreInBackground();
    }
  }

  @PreDestroy
  void stop() {
    background.shutdownNow();
    // A build that never started (or is cut short) must not leave an import waiting for it at
    // shutdown; its definition stays recorded and the next start builds it.
    for (CompletableFuture<Void> build : pending) {
      build.complete(null);
    }
  }
}
