package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import jakarta.annotation.PreDestroy;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Custom SearchParameter resources and background reindexing. At startup and at each {@code
 * $reindex} the current SearchParameter resources become the registry's custom layer (ids first, so
 * no write meets a parameter without one); a job then rewrites the index rows of every resource in
 * key order, in batches, each committed with its checkpoint ({@code search_reindex.last_pk}), and a
 * job still running at shutdown resumes at the next start.
 */
@Component
class SearchReindexer {

  static final int BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(SearchReindexer.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final SearchIndexer indexer;
  private final SearchParameterRegistry registry;
  private final SearchParamIds ids;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "search-reindex");
            t.setDaemon(true);
            return t;
          });

  SearchReindexer(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      SearchIndexer indexer,
      SearchParameterRegistry registry,
      SearchParamIds ids) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.indexer = indexer;
    this.registry = registry;
    this.ids = ids;
  }

  /** A job's progress. */
  record Status(
      long id,
      String status,
      long lastPk,
      long maxPk,
      long processed,
      OffsetDateTime started,
      @Nullable OffsetDateTime finished) {}

  @EventListener(ApplicationReadyEvent.class)
  void atStartup() {
    loadCustomParameters();
    for (Long id :
        jdbc.queryForList(
            "select id from search_reindex where status = 'running' order by id", Long.class)) {
      worker.execute(() -> run(id));
    }
  }

  /** Installs the SearchParameter resources held by the server as custom parameters. */
  synchronized void loadCustomParameters() {
    List<JsonNode> sps = new ArrayList<>();
    jdbc.query(
        "select v.body from resource r join resource_version v"
            + " on v.res_pk = r.pk and v.version = r.version"
            + " where r.res_type = 'SearchParameter' and not r.deleted order by r.pk",
        rs -> {
          String body = rs.getString(1);
          if (body != null) {
            sps.add(FhirJson.parse(body));
          }
        });
    SearchParameterRegistry.Layer layer = registry.bindCustom(sps);
    List<SearchParam> indexed = new ArrayList<>();
    for (SearchParam p : layer.params()) {
      if (p.indexed()) {
        indexed.add(p);
      }
    }
    ids.ensure(indexed);
    registry.install(layer);
  }

  /**
   * Loads the custom parameters and starts a job over every current resource, unless one is running
   * already; answers that job.
   */
  synchronized Status start() {
    loadCustomParameters();
    Status current = latest();
    if (current != null && current.status().equals("running")) {
      return current;
    }
    Long id =
        jdbc.queryForObject(
            "insert into search_reindex (status, max_pk)"
                + " select 'running', coalesce(max(pk), 0) from resource returning id",
            Long.class);
    if (id == null) {
      throw new IllegalStateException("no job id");
    }
    worker.execute(() -> run(id));
    Status started = latest();
    if (started == null) {
      throw new IllegalStateException("job " + id + " vanished");
    }
    return started;
  }

  /** The most recent job, if any. */
  @Nullable Status latest() {
    List<Status> rows =
        jdbc.query(
            "select id, status, last_pk, max_pk, processed, started, finished"
                + " from search_reindex order by id desc limit 1",
            (rs, i) ->
                new Status(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getObject(6, OffsetDateTime.class),
                    rs.getObject(7, OffsetDateTime.class)));
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Runs a job to its end (or until interrupted); package-private for tests. */
  void run(long id) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Boolean more = tx.execute(status -> batch(id));
        if (more == null || !more) {
          return;
        }
      }
    } catch (RuntimeException e) {
      // Class only: messages may quote resource content.
      log.warn("Reindex job {} stopped: {}", id, e.getClass().getName());
      jdbc.update("update search_reindex set status = 'failed', finished = now() where id = ?", id);
    }
  }

  /** One batch and its checkpoint in one transaction; false when the job is complete. */
  private boolean batch(long id) {
    List<long[]> job =
        jdbc.query(
            "select last_pk, max_pk from search_reindex where id = ? and status = 'running'"
                + " for update",
            (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
            id);
    if (job.isEmpty()) {
      return false;
    }
    long lastPk = job.get(0)[0];
    long maxPk = job.get(0)[1];
    List<SearchIndexer.IndexedResource> batch = new ArrayList<>();
    // FOR SHARE: a concurrent update of one of these resources waits, so the rows written here
    // can never replace those of a newer version.
    jdbc.query(
        "select r.pk, r.res_type, v.body from resource r join resource_version v"
            + " on v.res_pk = r.pk and v.version = r.version"
            + " where r.pk > ? and r.pk <= ? and not r.deleted order by r.pk limit ?"
            + " for share of r",
        rs -> {
          String body = rs.getString(3);
          if (body != null && FhirJson.parse(body) instanceof ObjectNode resource) {
            batch.add(new SearchIndexer.IndexedResource(rs.getLong(1), rs.getString(2), resource));
          }
        },
        lastPk,
        maxPk,
        BATCH);
    if (batch.isEmpty()) {
      jdbc.update(
          "update search_reindex set status = 'done', last_pk = max_pk, finished = now()"
              + " where id = ?",
          id);
      return false;
    }
    indexer.index(batch);
    jdbc.update(
        "update search_reindex set last_pk = ?, processed = processed + ? where id = ?",
        batch.get(batch.size() - 1).pk(),
        batch.size(),
        id);
    return true;
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
