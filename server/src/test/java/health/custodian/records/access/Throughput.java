package health.custodian.records.access;

import java.util.List;
import java.util.function.IntConsumer;

/** Operations per second of the gateway benchmarks, serial or shared by several threads. */
final class Throughput {

  private Throughput() {}

  private static long serial(IntConsumer op, int n) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      op.accept(i);
    }
    return System.nanoTime() - start;
  }

  /**
   * {@code n} operations shared by {@code threads} callers: concurrent readers are what lets the
   * audit writer commit several read events with one fsync (group commit), as under real load.
   */
  static double rate(IntConsumer op, int n, int threads) {
    return n / (nanos(op, n, threads) / 1e9);
  }

  /** The wall time in nanoseconds of {@link #rate}'s {@code n} operations. */
  static long nanos(IntConsumer op, int n, int threads) {
    if (threads == 1) {
      return serial(op, n);
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Callable<Void>> tasks = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        tasks.add(
            () -> {
              for (int i = first; i < n; i += threads) {
                op.accept(i);
              }
              return null;
            });
      }
      long start = System.nanoTime();
      for (java.util.concurrent.Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
      return System.nanoTime() - start;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A JFR recording with the "profile" settings, for {@code -Dcustodian.bench.jfr=FILE}. */
  static jdk.jfr.Recording startRecording() {
    try {
      jdk.jfr.Recording recording =
          new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
      recording.start();
      return recording;
    } catch (java.io.IOException | java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  static void stopRecording(jdk.jfr.Recording recording, String file) {
    try (recording) {
      recording.dump(java.nio.file.Path.of(file));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
