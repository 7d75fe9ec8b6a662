package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.BoundedWriters;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second phase of a bulk load: writes the search index rows of the resources in {@code
 * search_index_pending} (deferred by {@code WriteSession.deferIndexing()}), in key order, in
 * chunks. The calling thread reads and parses a chunk and computes its rows while writer threads
 * write earlier chunks, so the JVM and PostgreSQL work at the same time.
 *
 * <p>Each chunk is one transaction: it deletes its pending rows (a concurrent indexer of the same
 * rows then finds nothing to do), locks the resources FOR SHARE and writes their rows only if they
 * are still at the version that was read; otherwise (a concurrent write) it indexes the current
 * version under the lock. Rows left by a restart are indexed in the background at the next start.
 */
@Component
public class PendingIndex {

  static final int CHUNK = 1000;

  /**
   * PostgreSQL's share of indexing (index maintenance, {@code to_tsvector}) is about twice the
   * JVM's (measured: 50 against 22 CPU seconds for 184k Synthea resources), so two connections
   * write while one thread parses and computes rows.
   */
  static final int WRITERS = 2;

  /**
   * Large resources close a chunk early: parsed trees take several times their text (counted in
   * UTF-8 bytes).
   */
  private static final long MAX_CHUNK_CHARS = 8L * 1024 * 1024;

  /**
   * After indexing at least this many resources, the planner's statistics are refreshed at once: a
   * large load leaves them describing the tables before it, and until autovacuum catches up a
   * search can pick a plan a thousand times slower (measured: 2.5 s instead of 13 ms for
   * Observation by patient, code and date right after loading 184k resources).
   */
  static final long ANALYZE_AFTER = 10_000;

  /** The tables whose statistics searches depend on (V26 grants the runtime role MAINTAIN). */
  static final List<String> STATISTICS_TABLES =
      List.of(
          "resource",
          "resource_version",
          "resource_link",
          "sp_token",
          "sp_string",
          "sp_reference",
          "sp_date",
          "sp_uri",
          "sp_quantity",
          "sp_composite",
          "sp_fulltext");

  /**
   * The next chunk of pending resources with their current versions. It is prepared once and run a
   * thousand times, so PostgreSQL soon runs it with a generic plan, blind to the values. Written as
   * plain joins with "limit ?", that plan merge joined resource and resource_version from their
   * first keys for every chunk: quadratic, the index phase of 1.8M resources spent a core reading
   * 150M versions (docs/benchmarks.md). So the limit is a literal and both rows are lateral lookups
   * by key, which the planner may not flatten into joins (their "limit 1"): whatever the
   * statistics, a chunk reads its own thousand keys and nothing before them.
   */
  static final String READ_CHUNK =
      "select p.res_pk, r.res_type, r.version, r.deleted, v.body"
          + " from search_index_pending p"
          + " join lateral (select res_type, version, deleted from resource r"
          + " where r.pk = p.res_pk limit 1) r on true"
          + " left join lateral (select body from resource_version v"
          + " where v.res_pk = p.res_pk and v.version = r.version limit 1) v on true"
          + " where p.res_pk > ? order by p.res_pk limit "
          + CHUNK;

  private static final Logger log = LoggerFactory.getLogger(PendingIndex.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final SearchIndexer indexer;
  private final IndexRebuild rebuild;
  private final ReentrantLock running = new ReentrantLock();
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "search-pending-index");
            t.setDaemon(true);
            return t;
          });

  PendingIndex(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      SearchIndexer indexer,
      IndexRebuild rebuild) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.indexer = indexer;
    this.rebuild = rebuild;
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStartup() {
    // Indexes dropped by a pass that a crash interrupted are built again by the next pass.
    if (count() > 0 || rebuild.anySuspended()) {
      background.execute(
          () -> {
            try {
              long n = indexAll(done -> {});
              log.info("Indexed {} resources left pending by an interrupted bulk load", n);
            } catch (RuntimeException e) {
              log.error("Pending search indexing failed: {}", e.getClass().getName());
            }
          });
    }
  }

  /** How many resources wait for their index rows. */
  public long count() {
    Long n = jdbc.queryForObject("select count(*) from search_index_pending", Long.class);
    return n == null ? 0 : n;
  }

  /**
   * Indexes every pending resource, also those that become pending meanwhile, and returns when none
   * is left; one caller at a time (a second waits, then finds the work done).
   *
   * @param progress called with the number indexed so far after each chunk is read
   * @return the number of resources indexed by this call
   */
  public long indexAll(LongConsumer progress) {
    return indexAll(progress, () -> {});
  }

  /**
   * As {@link #indexAll(LongConsumer)}, telling {@code rebuilding} when the rows are written and
   * the value indexes are being built again (a minute or more for millions of resources).
   */
  public long indexAll(LongConsumer progress, Runnable rebuilding) {
    running.lock();
    try {
      StepTimes times = new StepTimes();
      long total;
      try {
        if (times.time("pass.suspend", () -> rebuild.worthIt(count()))) {
          times.time("pass.suspend", rebuild::suspend);
        }
        total = times.time("pass.rows", () -> indexPending(progress, times));
      } catch (RuntimeException e) {
        // The indexes come back now, or (if that fails too) at the next start; the caller learns
        // why indexing failed, with a failed rebuild attached, not instead.
        try {
          finish(rebuilding, List.of(), times);
        } catch (RuntimeException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
      List<String> analyze = total >= ANALYZE_AFTER ? STATISTICS_TABLES : List.of();
      times.time("pass.finish", () -> finish(rebuilding, analyze, times));
      log.debug("Index pass of {} resources, ms per step: {}", total, times);
      return total;
    } finally {
      running.unlock();
    }
  }

  /** Builds the suspended indexes, if any, and refreshes the statistics of {@code analyze}. */
  private void finish(Runnable rebuilding, List<String> analyze, StepTimes times) {
    if (rebuild.anySuspended()) {
      rebuilding.run();
    }
    rebuild.finish(analyze, times);
  }

  private long indexPending(LongConsumer progress, StepTimes times) {
    try (ChunkWriter writer = new ChunkWriter(times)) {
      long total = 0;
      while (true) {
        long pass = 0;
        long after = 0;
        Chunk chunk;
        while ((chunk = read(after, times)) != null) {
          after = chunk.lastPk();
          pass += chunk.size();
          Chunk next = chunk;
          times.time("read.wait", () -> writer.submit(next));
          progress.accept(total + pass);
        }
        writer.drain();
        total += pass;
        if (pass == 0) {
          return total;
        }
      }
    }
  }

  /** Refreshes the planner statistics of {@link #STATISTICS_TABLES}. */
  void analyze() {
    rebuild.finish(STATISTICS_TABLES, new StepTimes());
  }

  /** The pending resources after {@code after}, parsed and with their rows computed. */
  private @Nullable Chunk read(long after, StepTimes times) {
    List<Long> pks = new ArrayList<>(CHUNK);
    Map<Long, Integer> versions = new HashMap<>();
    List<SearchIndexer.IndexedResource> live = new ArrayList<>();
    long[] chars = {0};
    long[] parsing = {0};
    long start = System.nanoTime();
    jdbc.query(
        READ_CHUNK,
        rs -> {
          long pk = rs.getLong(1);
          if (chars[0] >= MAX_CHUNK_CHARS) {
            return; // the rest comes with the next chunk
          }
          pks.add(pk);
          // The body's UTF-8 bytes as the server sent them (the connection's encoding): the parser
          // reads bytes, so decoding them into a String first would only be undone.
          byte[] body = rs.getBytes(5);
          if (!rs.getBoolean(4) && body != null) {
            chars[0] += body.length;
            long parse = System.nanoTime();
            JsonNode tree = FhirJson.parse(body);
            parsing[0] += System.nanoTime() - parse;
            if (tree instanceof ObjectNode resource) {
              versions.put(pk, rs.getInt(3));
              live.add(new SearchIndexer.IndexedResource(pk, rs.getString(2), resource));
            }
          }
        },
        after);
    times.add("read.parse", parsing[0]);
    times.add("read.query", System.nanoTime() - start - parsing[0]);
    if (pks.isEmpty()) {
      return null;
    }
    return new Chunk(pks, versions, indexer.prepare(live, times));
  }

  /**
   * A chunk: every pending key read (deleted resources included, their pending row just goes), the
   * version whose rows were computed for each live one, and those rows.
   */
  private record Chunk(List<Long> pks, Map<Long, Integer> versions, SearchIndexer.Prepared rows) {
    int size() {
      return pks.size();
    }

    long lastPk() {
      return pks.get(pks.size() - 1);
    }
  }

  private void write(Chunk chunk, StepTimes times) {
    long start = System.nanoTime();
    tx.executeWithoutResult(
        status -> {
          Long[] pks = chunk.pks().toArray(Long[]::new);
          List<Long> owned =
              times.time(
                  "write.pending",
                  () ->
                      jdbc.queryForList(
                          "delete from search_index_pending where res_pk = any(?)"
                              + " returning res_pk",
                          Long.class,
                          (Object) pks));
          Map<Long, Integer> current = new HashMap<>();
          times.time(
              "write.lock",
              () ->
                  jdbc.query(
                      "select pk, version from resource where pk = any(?) and not deleted"
                          + " order by pk for share",
                      rs -> {
                        current.put(rs.getLong(1), rs.getInt(2));
                      },
                      (Object) owned.toArray(Long[]::new)));
          if (owned.size() == pks.length && current.equals(chunk.versions())) {
            indexer.copy(chunk.rows(), times);
          } else {
            // A concurrent write or indexer got there between read and lock: index what this
            // transaction owns at its current version (rare, so simply one by one statement).
            indexer.index(currentVersions(current.keySet()));
          }
        });
    times.add("write.chunk", System.nanoTime() - start);
  }

  private List<SearchIndexer.IndexedResource> currentVersions(Iterable<Long> pks) {
    List<Long> keys = new ArrayList<>();
    pks.forEach(keys::add);
    List<SearchIndexer.IndexedResource> out = new ArrayList<>();
    jdbc.query(
        "select r.pk, r.res_type, v.body from resource r join resource_version v"
            + " on v.res_pk = r.pk and v.version = r.version where r.pk = any(?)",
        rs -> {
          String body = rs.getString(3);
          if (body != null && FhirJson.parse(body) instanceof ObjectNode resource) {
            out.add(new SearchIndexer.IndexedResource(rs.getLong(1), rs.getString(2), resource));
          }
        },
        (Object) keys.toArray(Long[]::new));
    return out;
  }

  /**
   * Writes chunks on {@link #WRITERS} threads of their own, each in its own transaction and
   * connection; the reader waits while all are busy. Chunks never share a resource, so writers
   * never wait for each other's locks.
   */
  private final class ChunkWriter implements AutoCloseable {
    private final StepTimes times;
    private final BoundedWriters writers =
        new BoundedWriters(
            "search-pending-writer",
            WRITERS,
            () -> new IllegalStateException("interrupted while indexing"));

    ChunkWriter(StepTimes times) {
      this.times = times;
    }

    void submit(Chunk chunk) {
      writers.submit(() -> write(chunk, times));
    }

    void drain() {
      writers.drain();
    }

    @Override
    public void close() {
      writers.close();
    }
  }

  @PreDestroy
  void stop() {
    background.shutdownNow();
  }
}
