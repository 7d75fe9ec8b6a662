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
 * searches and gateway searches in turn. Optionally a JFR recording of the whole ({@code
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
    String jfr = System.getProperty("custodian.bench.jfr");
    jdk.jfr.Recording recording = jfr == null ? null : Throughput.startRecording();
    for (int threads : threadCounts) {
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, AccessRules> p : policies.entrySet()) {
          policy.use((c, i, t) -> p.getValue());
          boolean patient = p.getKey().startsWith("patient");
          CpuMeter.Sample c0 = meter.now();
          double rr = Throughput.rate(work.rawRead(patient), n, threads);
          CpuMeter.Sample c1 = meter.now();
          double gr = Throughput.rate(work.gatewayRead(patient), n, threads);
          CpuMeter.Sample c2 = meter.now();
          double rs = Throughput.rate(work.rawSearch(patient), n / 4, threads);
          CpuMeter.Sample c3 = meter.now();
          double gs = Throughput.rate(work.gatewaySearch(patient), n / 4, threads);
          CpuMeter.Sample c4 = meter.now();
          afterEachPolicy.run();
          if (Boolean.getBoolean("custodian.bench.windows")) {
            // wall-clock windows of the four measurements, to line up outside profiles (perf)
            System.out.printf(
                "BENCH-WINDOWS %s, %d caller(s), %s: %d %d %d %d %d%n",
                label,
                threads,
                p.getKey(),
                c0.wallMillis(),
                c1.wallMillis(),
                c2.wallMillis(),
                c3.wallMillis(),
                c4.wallMillis());
          }
          if (round == rounds - 1) {
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
                CpuMeter.perOperation(c0, c1, n),
                CpuMeter.perOperation(c1, c2, n),
                CpuMeter.perOperation(c2, c3, n / 4),
                CpuMeter.perOperation(c3, c4, n / 4));
          }
        }
      }
    }
    if (recording != null) {
      Throughput.stopRecording(recording, jfr);
    }
  }

  /** The subject searched by the i-th search. */
  static String subject(boolean patient7, int i) {
    return "Patient/p" + (patient7 ? 7 : i % BenchPopulation.PATIENTS);
  }
}
