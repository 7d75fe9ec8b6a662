package health.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.audit.internal.store.WriterCounters;
import health.custodian.platform.ProcessCpu;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Not part of the suite (run with -Dtest=AuditBenchmark): appends read events through the
 * group-commit writer from 8 threads ({@code -Daudit.bench.threads}), then reports the CPU and
 * bytes per event and verify throughput.
 */
@Tag("benchmark")
class AuditBenchmark extends AuditTestSupport {

  private static final int EVENTS = Integer.getInteger("audit.bench.events", 300_000);

  @Autowired AuditTrail trail;
  @Autowired ApplicationContext context;

  @Test
  void appendSizeAndVerify() throws Exception {
    List<Caller> users = new ArrayList<>();
    for (int u = 0; u < 50; u++) {
      users.add(user("user" + u, Role.CLINICIAN));
    }
    int threads = Integer.getInteger("audit.bench.threads", 8);
    String setup = System.getProperty("audit.bench.setup-sql");
    if (setup != null) {
      // harness only: try a storage variant (an index option, an index dropped) before
      // writing it as a migration, e.g. -Daudit.bench.setup-sql="drop index audit_event_agent"
      try (Connection c = owner();
          Statement s = c.createStatement()) {
        s.execute(setup);
        System.out.println("AUDIT-BENCH setup: " + setup);
      }
    }
    String postmaster;
    try (Connection c = owner();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      postmaster = String.valueOf(ProcessCpu.parentPid(rs.getLong(1)));
    }
    long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    double jvm0 = ProcessCpu.jvmSeconds();
    double pg0 = ProcessCpu.postgresSeconds(postmaster);
    WriterCounters counters = WriterCounters.of(context);
    long[] w0 = counters.now();
    ThreadTimes t0 = ThreadTimes.now();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      fs.add(
          pool.submit(
              () -> {
                for (int i = thread; i < EVENTS; i += threads) {
                  String patient = Integer.toString(10_000 + i % 5_000);
                  trail.record(
                      new AuditRecord(
                          Instant.now(),
                          users.get(i % users.size()),
                          "R",
                          "read",
                          AuditRecord.Outcome.SUCCESS,
                          null,
                          List.of("Observation/" + (1_000_000 + i) + "/_history/1"),
                          Set.of(patient),
                          null,
                          false,
                          null));
                }
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    ThreadTimes t1 = ThreadTimes.now();
    long[] w1 = counters.now();
    pool.shutdown();
    double appendS = (System.nanoTime() - start) / 1e9;
    double jvmUs = (ProcessCpu.jvmSeconds() - jvm0) * 1e6 / EVENTS;
    double pgUs = (ProcessCpu.postgresSeconds(postmaster) - pg0) * 1e6 / EVENTS;
    long jitMs = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
    try (Connection c = owner();
        Statement s = c.createStatement()) {
      s.execute("vacuum analyze audit_event");
      ResultSet rs =
          s.executeQuery(
              "select count(*), pg_relation_size('audit_event'),"
                  + " pg_indexes_size('audit_event'), pg_total_relation_size('audit_event'),"
                  + " avg(pg_column_size(e.*)) from audit_event e");
      rs.next();
      long n = rs.getLong(1);
      System.out.printf(
          Locale.ROOT,
          "AUDIT-BENCH events=%d append=%.1fs (%.0f/s, %d threads; CPU per event JVM %.0f µs,"
              + " PostgreSQL %.0f µs; JIT %d ms)%n"
              + "AUDIT-BENCH bytes/event heap=%.1f indexes=%.1f total=%.1f avgTuple=%.1f%n",
          n,
          appendS,
          n / appendS,
          threads,
          jvmUs,
          pgUs,
          jitMs,
          rs.getLong(2) / (double) n,
          rs.getLong(3) / (double) n,
          rs.getLong(4) / (double) n,
          rs.getDouble(5));
    }
    System.out.println("AUDIT-BENCH threads " + t1.perEvent(t0, EVENTS));
    System.out.printf(
        Locale.ROOT,
        "AUDIT-BENCH commits=%d records/commit=%.2f leader wait %.0f µs/commit (delay %d µs)%n",
        w1[0] - w0[0],
        (w1[1] - w0[1]) / (double) Math.max(1, w1[0] - w0[0]),
        (w1[2] - w0[2]) / 1e3 / Math.max(1, w1[0] - w0[0]),
        w1[3] / 1000);
    for (int run = 0; run < 3; run++) {
      long v0 = System.nanoTime();
      VerifyReport r = verify();
      double vs = (System.nanoTime() - v0) / 1e9;
      assertThat(r.intact()).isTrue();
      System.out.printf(
          Locale.ROOT,
          "AUDIT-BENCH verify run %d: %d events in %.2fs = %.0f events/s%n",
          run,
          r.checked(),
          vs,
          r.checked() / vs);
    }
  }
}
