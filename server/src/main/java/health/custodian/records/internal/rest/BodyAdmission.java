package health.custodian.records.internal.rest;

import health.custodian.records.FhirException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Admission control for request bodies (issue #2): a request holds a share of a memory budget
 * proportional to its body's size from before its body is read until the request completes, so that
 * concurrent large transaction Bundles cannot together exhaust the heap. Without it three 50 MB
 * Synthea Bundles in a 1 GB heap ended in an {@link OutOfMemoryError} and a 500.
 *
 * <p>A request that finds the budget taken waits up to {@code max-wait}, then gets 503 {@code
 * server-busy} with {@code Retry-After}; a body whose share alone exceeds the whole budget could
 * never be admitted and gets 413 {@code body-exceeds-memory}. The budget is counted in KiB on a
 * non-fair {@link Semaphore}: a small request may pass a large one that waits, which only shortens
 * small requests' waits; the large one still gets its answer within {@code max-wait}.
 */
@Component
class BodyAdmission {

  static final String BUSY = "server-busy";
  static final String TOO_LARGE = "body-exceeds-memory";

  private static final Logger LOG = LoggerFactory.getLogger(BodyAdmission.class);

  private static final int UNIT = 1024;

  private final BodyMemorySettings settings;
  private final long budgetBytes;
  private final int budgetUnits;
  private final Semaphore available;

  BodyAdmission(BodyMemorySettings settings) {
    this.settings = settings;
    this.budgetBytes = settings.budgetBytes(Runtime.getRuntime().maxMemory());
    this.budgetUnits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, budgetBytes / UNIT));
    this.available = new Semaphore(budgetUnits);
    LOG.info(
        "Request bodies in flight may take {} MB of heap ({} bytes per body byte)",
        budgetBytes >> 20,
        settings.bytesPerBodyByte());
  }

  /** A share of the budget; closing it returns the share (once, however often it is closed). */
  final class Ticket implements AutoCloseable {
    private final int units;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Ticket(int units) {
      this.units = units;
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        available.release(units);
      }
    }
  }

  /**
   * Takes the share of a body of {@code bodyBytes}, waiting up to {@code max-wait} for it.
   *
   * @throws FhirException 413 if the share exceeds the whole budget, 503 if it was not free in time
   */
  Ticket admit(long bodyBytes) {
    long cost = Math.multiplyExact(Math.max(bodyBytes, 0), (long) settings.bytesPerBodyByte());
    long units = Math.max(1, (cost + UNIT - 1) / UNIT);
    if (units > budgetUnits) {
      throw new FhirException(
          413,
          TOO_LARGE,
          "too-costly",
          "The request body of "
              + bodyBytes
              + " bytes needs more memory to process than this server grants all requests"
              + " together ("
              + budgetBytes
              + " bytes); split it into smaller Bundles");
    }
    boolean admitted;
    try {
      admitted =
          available.tryAcquire((int) units, settings.maxWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      throw busy();
    }
    return new Ticket((int) units);
  }

  /** 503 with {@code Retry-After}: the server cannot take this request now, but may later. */
  private ServerBusyException busy() {
    return new ServerBusyException(
        BUSY,
        "throttled",
        "The server is processing other large requests; retry later",
        settings.retryAfter().toSeconds());
  }

  /** The share of the budget free now, in bytes (for tests and diagnostics). */
  long availableBytes() {
    return (long) available.availablePermits() * UNIT;
  }

  long budgetBytes() {
    return budgetBytes;
  }

  /** The {@code Retry-After} this server answers with, in seconds. */
  long retryAfterSeconds() {
    return settings.retryAfter().toSeconds();
  }
}
