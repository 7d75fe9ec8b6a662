package health.custodian.records.access;

import health.custodian.access.AccessRules;
import health.custodian.testsupport.TestAccessPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The gateway benchmarks' protocol: for each number of concurrent callers ({@code
 * -Dcustodian.bench.threads}, default "1,8"), several rounds ({@code -Dcustodian.bench.rounds},
 * default 3; the last reported) of each policy, each measuring raw reads, gateway reads, raw
 * searches and gateway searches in slices ({@code -Dcustodian.bench.slices}, default 4) that
 * alternate which side goes first. Optionally a JFR recording of the whole ({@code
 * -Dcustodian.bench.jfr=FILE}).
 */
final class GatewayComparison {

  /** The four operations of one policy; {@code patient7} when the policy is patient 7's. */
  interface Workload {
    IntConsumer rawRead(boolean patient7);

    IntConsumer gatewayRead(boolean patient7);

    IntConsumer rawSearch(boolean patient7);

    IntConsumer gatewaySearch(boolean patient7);
  }

  private GatewayComparison() {}

  static void run(
      String label,
      TestAccessPolicy policy,
      CpuMeter meter,
      int n,
      Workload work,
      Runnable afterEachPolicy) {
    Map<String, AccessRules> policies = new LinkedHashMap<>();
    policies.put("unrestricted", AccessRules.unrestricted());
    policies.put(
        "clinician (labels + consent)",
        new AccessRules(true, null, null, List.of(), Set.of("R", "PSY"), true, false));
    policies.put(
        "patient (compartment + labels)",
        new AccessRules(true, null, Set.of("p7"), List.of(), Set.of("R"), false, false));
    List<Integer> threadCounts = new ArrayList<>();
    for (String t : System.getProperty("custodian.bench.threads", "1,8").split(",")) {
      threadCounts.add(Integer.parseInt(t.trim()));
    }
    // The JIT compiles the protected path (security filters, policy, audit writer) for longer than
    // the raw one: rounds before the last warm both up, so that the reported round measures
    // compiled code rather than the compiler threads (BENCH-CPU prints the JIT time of each).
    int rounds = Integer.getInteger("custodian.bench.rounds", 3);
    // Each measurement is taken in slices, raw and gateway alternating (ABBA), and each side's
    // rate is its operations over the sum of its slices' times: on a shared machine a burst of
    // outside load then falls on both sides alike instead of on whichever ran at that moment.
    int slices = Math.max(1, Integer.getInteger("custodian.bench.slices", 4));
    int reads = Math.max(1, n / slices);
    int searches = Math.max(1, n / 4 / slices);
    String jfr = System.getProperty("custodian.bench.jfr");
    Map<String, Peaks> peaks = new LinkedHashMap<>();
    jdk.jfr.Recording recording = jfr == null ? null : Throughput.startRecording();
    for (int threads : threadCounts) {
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, AccessRules> p : policies.entrySet()) {
          policy.use((c, i, t) -> p.getValue());
          boolean patient = p.getKey().startsWith("patient");
          Sides sides = new Sides(meter);
          for (int slice = 0; slice < slices; slice++) {
            // ABBA: the side measured first alternates, so that neither side is always the one
            // that follows the other's leftovers (audit commits, garbage, the JIT's queue)
            boolean rawFirst = slice % 2 == 0;
            int from = slice * reads;
            int fromSearch = slice * searches;
            if (rawFirst) {
              sides.measure(0, work.rawRead(patient), from, reads, threads);
              sides.measure(1, work.gatewayRead(patient), from, reads, threads);
              sides.measure(2, work.rawSearch(patient), fromSearch, searches, threads);
              sides.measure(3, work.gatewaySearch(patient), fromSearch, searches, threads);
            } else {
              sides.measure(1, work.gatewayRead(patient), from, reads, threads);
              sides.measure(0, work.rawRead(patient), from, reads, threads);
              sides.measure(3, work.gatewaySearch(patient), fromSearch, searches, threads);
              sides.measure(2, work.rawSearch(patient), fromSearch, searches, threads);
            }
            if (Boolean.getBoolean("custodian.bench.windows")) {
              // wall-clock windows of the slice's four measurements in the order run, to line up
              // outside profiles (perf)
              System.out.printf(
                  "BENCH-WINDOWS %s, %d caller(s), %s, slice %d (%s first): %s%n",
                  label, threads, p.getKey(), slice, rawFirst ? "raw" : "gateway", sides.windows());
            }
          }
          afterEachPolicy.run();
          double rr = sides.rate(0, reads * slices);
          double gr = sides.rate(1, reads * slices);
          double rs = sides.rate(2, searches * slices);
          double gs = sides.rate(3, searches * slices);
          if (round == rounds - 1) {
            peaks
                .computeIfAbsent(p.getKey(), k -> new Peaks())
                .offer(threads, new double[] {rr, gr, rs, gs});
            System.out.printf(
                "BENCH %s, %d caller(s), %s: read raw %.0f/s gateway %.0f/s (%.0f%%); search"
                    + " raw %.0f/s gateway %.0f/s (%.0f%%)%n",
                label, threads, p.getKey(), rr, gr, 100 * gr / rr, rs, gs, 100 * gs / rs);
            System.out.printf(
                "BENCH-CPU %s, %d caller(s), %s: read raw %s, gateway %s; search raw %s,"
                    + " gateway %s%n",
                label,
                threads,
                p.getKey(),
                sides.perOperation(0, reads * slices),
                sides.perOperation(1, reads * slices),
                sides.perOperation(2, searches * slices),
                sides.perOperation(3, searches * slices));
          }
        }
      }
    }
    if (recording != null) {
      Throughput.stopRecording(recording, jfr);
    }
    if (threadCounts.size() > 1) {
      peaks.forEach((policyName, peak) -> System.out.println(peak.line(label, policyName)));
    }
  }

  /**
   * Each side's highest rate over the numbers of callers measured, and where it was reached. A
   * closed-loop caller waits for its answer, so a side with a longer latency per operation (the
   * gateway waits for its audit commit) needs more callers to keep the cores busy: comparing the
   * peaks compares what each side can carry, each at the concurrency it needs.
   */
  private static final class Peaks {
    private final double[] rate = new double[4];
    private final int[] at = new int[4];

    void offer(int threads, double[] rates) {
      for (int side = 0; side < 4; side++) {
        if (rates[side] > rate[side]) {
          rate[side] = rates[side];
          at[side] = threads;
        }
      }
    }

    String line(String label, String policyName) {
      return String.format(
          "BENCH-PEAK %s, %s: read raw %.0f/s (%d callers) gateway %.0f/s (%d callers) (%.0f%%);"
              + " search raw %.0f/s (%d callers) gateway %.0f/s (%d callers) (%.0f%%)",
          label,
          policyName,
          rate[0],
          at[0],
          rate[1],
          at[1],
          100 * rate[1] / rate[0],
          rate[2],
          at[2],
          rate[3],
          at[3],
          100 * rate[3] / rate[2]);
    }
  }

  /** The four sides' wall time and CPU, summed over the slices of one measurement. */
  private static final class Sides {
    private final CpuMeter meter;
    private final long[] nanos = new long[4];
    private final CpuMeter.Sample[] cpu = {
      CpuMeter.Sample.ZERO, CpuMeter.Sample.ZERO, CpuMeter.Sample.ZERO, CpuMeter.Sample.ZERO
    };
    private final StringBuilder windows = new StringBuilder();

    Sides(CpuMeter meter) {
      this.meter = meter;
    }

    void measure(int side, IntConsumer op, int from, int n, int threads) {
      CpuMeter.Sample before = meter.now();
      nanos[side] += Throughput.nanos(i -> op.accept(from + i), n, threads);
      CpuMeter.Sample after = meter.now();
      cpu[side] = cpu[side].plus(after.minus(before));
      windows.append(windows.length() == 0 ? "" : " ").append(before.wallMillis());
      windows.append('-').append(after.wallMillis());
    }

    /** The windows measured since the last call, as {@code start-end} wall-clock milliseconds. */
    String windows() {
      String w = windows.toString();
      windows.setLength(0);
      return w;
    }

    double rate(int side, int operations) {
      return operations / (nanos[side] / 1e9);
    }

    String perOperation(int side, int operations) {
      return CpuMeter.perOperation(CpuMeter.Sample.ZERO, cpu[side], operations);
    }
  }

  /** The subject searched by the i-th search. */
  static String subject(boolean patient7, int i) {
    return "Patient/p" + (patient7 ? 7 : i % BenchPopulation.PATIENTS);
  }
}
