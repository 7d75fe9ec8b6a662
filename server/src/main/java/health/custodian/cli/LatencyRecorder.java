package health.custodian.cli;

import java.util.Arrays;

/** Collects request latencies for percentiles; bundles number in the thousands, not millions. */
final class LatencyRecorder implements ImportListener {

  private long[] nanos = new long[1024];
  private int count;

  @Override
  public synchronized void requestDone(
      ImportRequest request, long latency, int stored, boolean retrying) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latency;
  }

  synchronized int count() {
    return count;
  }

  /** The nearest-rank percentile in milliseconds, 0 when nothing was recorded. */
  synchronized double percentileMillis(double percentile) {
    if (count == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
  }
}
