package health.custodian.records.access;

import health.custodian.platform.ProcessCpu;
import java.lang.management.ManagementFactory;
import java.util.Locale;
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

  private CpuMeter(String postmaster) {
    this.postmaster = postmaster;
  }

  /** The meter of the server behind {@code dataSource} (the parent of one of its backends). */
  static CpuMeter of(DataSource dataSource) {
    Integer backend =
        new JdbcTemplate(dataSource).queryForObject("select pg_backend_pid()", Integer.class);
    String parent = backend == null ? null : ProcessCpu.parentPid(backend);
    return new CpuMeter(parent == null ? "" : parent);
  }

  /**
   * CPU seconds so far, the JVM's and PostgreSQL's, the JIT compilers' time (part of the JVM's) and
   * the wall clock when taken.
   */
  record Sample(double jvm, double pg, long jitMillis, long wallMillis) {}

  Sample now() {
    return new Sample(
        ProcessCpu.jvmSeconds(),
        ProcessCpu.postgresSeconds(postmaster),
        ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
        System.currentTimeMillis());
  }

  /** Microseconds of JVM and PostgreSQL CPU per operation between two samples. */
  static String perOperation(Sample before, Sample after, int operations) {
    return String.format(
        Locale.ROOT,
        "JVM %.0f + PG %.0f µs/op (JIT %d ms)",
        (after.jvm() - before.jvm()) * 1e6 / operations,
        (after.pg() - before.pg()) * 1e6 / operations,
        after.jitMillis() - before.jitMillis());
  }
}
