package health.custodian.audit.internal.store;

import health.custodian.access.AuditRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable appends outside a caller's transaction (reads): one writer thread takes every event
 * queued while the previous batch was committing and commits them together, synchronous_commit on;
 * each caller waits until its batch is on disk. One fsync then serves many concurrent reads (group
 * commit), instead of each read paying its own behind the chain-head lock.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

  private record Pending(AuditRecord record, CompletableFuture<Void> done) {}

  private final DataSource dataSource;
  private final AuditAppender appender;
  private final Terms terms;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private @Nullable Connection own;

  GroupCommitWriter(DataSource dataSource, AuditAppender appender, Terms terms, int maxBatch) {
    this.dataSource = dataSource;
    this.appender = appender;
    this.terms = terms;
    this.maxBatch = maxBatch;
    this.thread = new Thread(this::run, "audit-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Appends and returns once the record is committed; throws when it could not be. */
  void append(AuditRecord record) {
    if (!running) {
      throw new IllegalStateException("the audit writer is stopped");
    }
    Pending p = new Pending(record, new CompletableFuture<>());
    queue.add(p);
    try {
      p.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the audit record was being written", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the audit record could not be written", e.getCause());
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } finally {
        batch.clear();
      }
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      p.done().completeExceptionally(new IllegalStateException("the audit writer stopped"));
    }
    dropConnection();
  }

  private void commit(List<Pending> batch) {
    try {
      write(batch);
      batch.forEach(p -> p.done().complete(null));
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        LOG.error("Audit append failed: {}", e.getClass().getName());
        batch.get(0).done().completeExceptionally(e);
        return;
      }
      // one bad record must not fail its neighbours: retry each on its own
      for (Pending p : batch) {
        commit(List.of(p));
      }
    }
  }

  private void write(List<Pending> batch) throws SQLException {
    List<AuditRecord> records = new ArrayList<>(batch.size());
    batch.forEach(p -> records.add(p.record()));
    Connection c = connection();
    try {
      // durable before the caller returns, whatever the server's default
      Map<String, Integer> fresh = appender.append(c, records, true);
      c.commit();
      terms.remember(fresh);
    } catch (SQLException | RuntimeException e) {
      dropConnection();
      throw e;
    }
  }

  /**
   * The writer keeps one connection of its own: readers may hold pooled connections while they wait
   * for it, and a writer that had to borrow from an exhausted pool would wait for them.
   */
  private Connection connection() throws SQLException {
    Connection c = own;
    if (c == null || c.isClosed()) {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      own = c;
    }
    return c;
  }

  private void dropConnection() {
    Connection c = own;
    own = null;
    if (c != null) {
      try {
        c.rollback();
        c.setAutoCommit(true);
        c.close();
      } catch (SQLException ignored) {
        // the pool discards a broken connection on its own
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
