package health.custodian.audit.internal.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many callers the group-commit writer serves, estimated from the records inside its {@code
 * append} (queued, being committed, or about to return; each caller has at most one): the most seen
 * at once over the current and the previous window of {@link #WINDOW} batches. {@link #enter} and
 * {@link #gatherTarget} are called under the writer's lock; {@link #leave} from any thread.
 */
final class CallerEstimate {

  /** Batches per window: recent enough to follow a change of load. */
  static final int WINDOW = 128;

  private final AtomicInteger inside = new AtomicInteger();

  // guarded by the writer's lock
  private int peakNow;
  private int peakBefore;
  private int batchesInWindow;

  /** A record entered the writer. */
  void enter() {
    peakNow = Math.max(peakNow, inside.incrementAndGet());
  }

  /** A record's caller is leaving the writer (committed or failed). */
  void leave() {
    inside.decrementAndGet();
  }

  /**
   * How many queued records end a leader's wait for company, once per batch: half the estimated
   * callers (a wait that parks all of them leaves the CPU idle), at least 2, at most {@code
   * maxBatch}.
   */
  int gatherTarget(int maxBatch) {
    if (++batchesInWindow >= WINDOW) {
      peakBefore = peakNow;
      peakNow = inside.get();
      batchesInWindow = 0;
    }
    return Math.min(maxBatch, Math.max(2, (Math.max(peakNow, peakBefore) + 1) / 2));
  }
}
