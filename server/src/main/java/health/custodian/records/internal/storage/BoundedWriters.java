package health.custodian.records.internal.storage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Database writes on threads of their own, at most {@code inFlight} in flight, so that the caller
 * prepares the next unit while earlier ones are written, with memory bounded by {@code inFlight}
 * units. The first failure is rethrown to the caller at its next {@link #submit} or {@link #drain};
 * {@link #close} lets writes in flight commit or roll back before the caller goes on. Used by bulk
 * import (loading batches) and by the pending search index (writing chunks).
 */
public final class BoundedWriters implements AutoCloseable {

  private final ExecutorService threads;
  private final Semaphore slots;
  private final int inFlight;
  private final Supplier<RuntimeException> interrupted;
  private volatile @Nullable RuntimeException failure;

  /**
   * @param name thread name
   * @param interrupted what to throw when the caller is interrupted while waiting for a slot
   */
  public BoundedWriters(String name, int writers, Supplier<RuntimeException> interrupted) {
    this(name, writers, writers, interrupted);
  }

  /**
   * @param name thread name
   * @param writers threads
   * @param inFlight writes queued or running at most (at least {@code writers}): those beyond
   *     {@code writers} wait for a thread, so that a caller faster on average than the writers is
   *     not stopped by one slow write
   * @param interrupted what to throw when the caller is interrupted while waiting for a slot
   */
  public BoundedWriters(
      String name, int writers, int inFlight, Supplier<RuntimeException> interrupted) {
    this.inFlight = Math.max(writers, inFlight);
    this.interrupted = interrupted;
    this.slots = new Semaphore(this.inFlight);
    this.threads =
        Executors.newFixedThreadPool(
            writers,
            task -> {
              Thread t = new Thread(task, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues a write; blocks while {@code inFlight} writes are queued or running. */
  public void submit(Runnable write) {
    rethrow();
    acquire(1);
    try {
      threads.execute(
          () -> {
            try {
              write.run();
            } catch (RuntimeException e) {
              failure = e;
            } finally {
              slots.release();
            }
          });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  /** Waits until every queued write has finished; rethrows the first failure. */
  public void drain() {
    acquire(inFlight);
    slots.release(inFlight);
    rethrow();
  }

  private void acquire(int permits) {
    try {
      slots.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted.get();
    }
  }

  private void rethrow() {
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
  }

  @Override
  public void close() {
    threads.shutdown();
    try {
      if (!threads.awaitTermination(5, TimeUnit.MINUTES)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
