package health.custodian.records.access;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * CPU time of this JVM and of the test's PostgreSQL server (its postmaster, live backends and
 * reaped ones), so that the gateway benchmarks can say where each operation's CPU goes: on a shared
 * 2-core machine CPU per operation is steadier than operations per second, and the split tells the
 * JVM's share of the protection cost from the database's (audit inserts and commits, access SQL).
 * Linux only ({@code /proc}, proc(5)); elsewhere PostgreSQL reads as zero.
 */
final class CpuMeter {

  /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} times. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final String postmaster;

  private CpuMeter(String postmaster) {
    this.postmaster = postmaster;
  }

  /** The meter of the server behind {@code dataSource} (the parent of one of its backends). */
  static CpuMeter of(DataSource dataSource) {
    Integer backend =
        new JdbcTemplate(dataSource).queryForObject("select pg_backend_pid()", Integer.class);
    String[] stat = stat(Path.of("/proc", String.valueOf(backend), "stat"));
    return new CpuMeter(stat == null ? "" : stat[1]);
  }

  /** CPU seconds so far: the JVM's and PostgreSQL's. */
  record Sample(double jvm, double pg) {}

  Sample now() {
    double jvm = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      jvm = os.getProcessCpuTime() / 1e9;
    }
    return new Sample(jvm, postgres());
  }

  /** Microseconds of JVM and PostgreSQL CPU per operation between two samples. */
  static String perOperation(Sample before, Sample after, int operations) {
    return String.format(
        java.util.Locale.ROOT,
        "JVM %.0f + PG %.0f µs/op",
        (after.jvm() - before.jvm()) * 1e6 / operations,
        (after.pg() - before.pg()) * 1e6 / operations);
  }

  private double postgres() {
    String[] own = stat(Path.of("/proc", postmaster, "stat"));
    if (own == null) {
      return 0;
    }
    // utime, stime, cutime, cstime are fields 14 to 17; index 0 here is field 3.
    long ticks = 0;
    for (int f = 11; f <= 14; f++) {
      ticks += Long.parseLong(own[f]);
    }
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        String[] s = stat(proc.resolve("stat"));
        if (s != null && s[1].equals(postmaster)) {
          ticks += Long.parseLong(s[11]) + Long.parseLong(s[12]);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** The fields of a stat file after the command name (which may hold spaces); null if gone. */
  private static String @Nullable [] stat(Path file) {
    try {
      String text = Files.readString(file);
      return text.substring(text.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
