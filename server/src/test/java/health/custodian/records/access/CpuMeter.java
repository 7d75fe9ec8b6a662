package health.custodian.records.access;

import health.custodian.audit.internal.store.WriterCounters;
import health.custodian.platform.ProcessCpu;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * CPU time of this JVM and of the test's PostgreSQL server ({@link ProcessCpu}), so that the
 * gateway benchmarks can say where each operation's CPU goes: on a shared 2-core machine CPU per
 * operation is steadier than operations per second, and the split tells the JVM's share of the
 * protection cost from the database's (audit inserts and commits, access SQL).
 */
final class CpuMeter {

  private final String postmaster;
  private final Supplier<long[]> audit;
  private final PgProcesses processes;

  private CpuMeter(String postmaster, Supplier<long[]> audit, PgProcesses processes) {
    this.postmaster = postmaster;
    this.audit = audit;
    this.processes = processes;
  }

  /** The meter of the server behind {@code dataSource} (the parent of one of its backends). */
  static CpuMeter of(DataSource dataSource) {
    return of(dataSource, () -> new long[4]);
  }

  /**
   * The same, also counting the audit writer's commits and the records they carried ({@link
   * WriterCounters#now}), printed with each measurement.
   */
  static CpuMeter of(DataSource dataSource, Supplier<long[]> audit) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Integer backend = jdbc.queryForObject("select pg_backend_pid()", Integer.class);
    String parent = backend == null ? null : ProcessCpu.parentPid(backend);
    String postmaster = parent == null ? "" : parent;
    return new CpuMeter(postmaster, audit, new PgProcesses(postmaster, jdbc));
  }

  /**
   * CPU seconds so far, the JVM's and PostgreSQL's, the JIT compilers' time (part of the JVM's) and
   * the wall clock when taken; with {@code -Dcustodian.bench.pgsplit=true} also PostgreSQL's CPU by
   * process kind ({@link PgProcesses}), otherwise an empty map.
   */
  record Sample(
      double jvm,
      double pg,
      long jitMillis,
      long wallMillis,
      long[] audit,
      Map<String, Double> pgByKind) {

    /** Nothing measured yet: the start of a sum of differences ({@link #plus}). */
    static final Sample ZERO = new Sample(0, 0, 0, 0, new long[4], Map.of());

    /**
     * The difference {@code this - before}, as a sample whose counters start from zero; the audit
     * writer's configured delay (its fourth counter) is kept, not subtracted.
     */
    Sample minus(Sample before) {
      long[] a = audit.clone();
      for (int i = 0; i < 3; i++) {
        a[i] -= before.audit[i];
      }
      Map<String, Double> kinds = new java.util.LinkedHashMap<>();
      pgByKind.forEach((k, v) -> kinds.put(k, v - before.pgByKind.getOrDefault(k, 0.0)));
      return new Sample(
          jvm - before.jvm,
          pg - before.pg,
          jitMillis - before.jitMillis,
          wallMillis - before.wallMillis,
          a,
          kinds);
    }

    /** The sum of two differences ({@link #minus}), for a measurement taken in slices. */
    Sample plus(Sample d) {
      long[] a = audit.clone();
      for (int i = 0; i < 3; i++) {
        a[i] += d.audit[i];
      }
      a[3] = d.audit[3];
      Map<String, Double> kinds = new java.util.LinkedHashMap<>(pgByKind);
      d.pgByKind.forEach((k, v) -> kinds.merge(k, v, Double::sum));
      return new Sample(
          jvm + d.jvm, pg + d.pg, jitMillis + d.jitMillis, wallMillis + d.wallMillis, a, kinds);
    }
  }

  Sample now() {
    Map<String, Double> byKind =
        Boolean.getBoolean("custodian.bench.pgsplit") ? processes.now() : Map.of();
    return new Sample(
        ProcessCpu.jvmSeconds(),
        ProcessCpu.postgresSeconds(postmaster),
        ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
        System.currentTimeMillis(),
        audit.get(),
        byKind);
  }

  /** Microseconds of JVM and PostgreSQL CPU per operation between two samples. */
  static String perOperation(Sample before, Sample after, int operations) {
    String cpu =
        String.format(
            Locale.ROOT,
            "JVM %.0f + PG %.0f µs/op (JIT %d ms)",
            (after.jvm() - before.jvm()) * 1e6 / operations,
            (after.pg() - before.pg()) * 1e6 / operations,
            after.jitMillis() - before.jitMillis());
    if (!after.pgByKind().isEmpty()) {
      cpu +=
          " {PG by process µs/op: "
              + PgProcesses.perOperation(before.pgByKind(), after.pgByKind(), operations)
              + "}";
    }
    long commits = after.audit()[0] - before.audit()[0];
    if (commits == 0) {
      return cpu;
    }
    long records = after.audit()[1] - before.audit()[1];
    return cpu
        + String.format(
            Locale.ROOT,
            " [audit %d records / %d commits = %.2f per commit, leader wait %.0f µs/commit,"
                + " delay %d µs]",
            records,
            commits,
            records / (double) commits,
            (after.audit()[2] - before.audit()[2]) / 1e3 / commits,
            after.audit()[3] / 1000);
  }
}
