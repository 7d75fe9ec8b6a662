package health.custodian.audit.internal.store;

import health.custodian.audit.internal.chain.Checkpoints;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes a signed checkpoint of the committed chain head every interval (when it moved) and at
 * shutdown, so that removing records from the tail of the log is detectable by {@code audit
 * verify}.
 */
public final class CheckpointWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

  private record Head(String chainId, long seq, byte @Nullable [] mac) {}

  private final JdbcClient jdbc;
  private final Checkpoints checkpoints;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private long written = -1;

  CheckpointWriter(JdbcClient jdbc, Checkpoints checkpoints, Clock clock, Duration interval) {
    this.jdbc = jdbc;
    this.checkpoints = checkpoints;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "audit-checkpoint");
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(1, interval.toMillis());
    timer.scheduleWithFixedDelay(this::safely, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void safely() {
    try {
      checkpoint();
    } catch (RuntimeException e) {
      LOG.warn("Audit checkpoint failed: {}", e.getClass().getName());
    }
  }

  /** Checkpoints the committed head if it moved since the last checkpoint; returns its position. */
  public synchronized long checkpoint() {
    Head head =
        jdbc.sql("select chain_id::text, seq, mac from audit_head where id = 1")
            .query((rs, n) -> new Head(rs.getString(1), rs.getLong(2), rs.getBytes(3)))
            .single();
    byte[] mac = head.mac();
    // also when the file went missing: the checkpoints must state the latest head
    boolean moved =
        head.seq() != written || !java.nio.file.Files.exists(checkpoints.file(head.chainId()));
    if (head.seq() > 0 && moved && mac != null) {
      checkpoints.append(head.chainId(), head.seq(), mac, clock.instant());
      written = head.seq();
    }
    return head.seq();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    safely();
  }
}
