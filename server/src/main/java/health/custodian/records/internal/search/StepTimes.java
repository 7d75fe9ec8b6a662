package health.custodian.records.internal.search;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Wall time spent per step of one bulk index pass, summed over the threads that run it (the reader
 * and the writers overlap, so the steps add up to more than the pass). Logged at DEBUG after each
 * pass: it is what showed where the index phase's time goes (docs/benchmarks.md, Bulk data, "the
 * index phase").
 */
public final class StepTimes {

  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

  /** Runs {@code step} and adds its wall time to {@code name}. */
  public <T> T time(String name, Supplier<T> step) {
    long start = System.nanoTime();
    try {
      return step.get();
    } finally {
      add(name, System.nanoTime() - start);
    }
  }

  public void time(String name, Runnable step) {
    long start = System.nanoTime();
    try {
      step.run();
    } finally {
      add(name, System.nanoTime() - start);
    }
  }

  public void add(String name, long elapsedNanos) {
    nanos.computeIfAbsent(name, n -> new LongAdder()).add(elapsedNanos);
  }

  /** The steps by name, in milliseconds: {@code name=ms, ...}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(nanos)
        .forEach(
            (name, sum) -> {
              if (out.length() > 0) {
                out.append(", ");
              }
              out.append(name).append('=').append(sum.sum() / 1_000_000);
            });
    return out.toString();
  }
}
