package health.custodian.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * CPU time used so far by this JVM and by the embedded PostgreSQL of a data folder (the postmaster,
 * its live backends and the backends it has reaped), for benchmarks on shared machines: CPU seconds
 * do not depend on what else runs, wall seconds do. Linux only ({@code /proc}); elsewhere
 * PostgreSQL's share reads as zero.
 */
final class CpuClock {

  /** Linux's USER_HZ: the unit of the times in {@code /proc/<pid>/stat} (proc(5)). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Path pgDir;

  CpuClock(Path pgDir) {
    this.pgDir = pgDir;
  }

  /** CPU seconds of the JVM and of PostgreSQL, at one moment. */
  record Sample(double jvmSeconds, double pgSeconds) {
    Sample minus(Sample earlier) {
      return new Sample(jvmSeconds - earlier.jvmSeconds, pgSeconds - earlier.pgSeconds);
    }
  }

  Sample now() {
    double jvm = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      jvm = os.getProcessCpuTime() / 1e9;
    }
    return new Sample(jvm, postgresSeconds());
  }

  private double postgresSeconds() {
    try {
      String pid = Files.readAllLines(pgDir.resolve("postmaster.pid")).get(0).trim();
      long ticks = 0;
      String[] own = stat(Path.of("/proc", pid, "stat"));
      if (own == null) {
        return 0;
      }
      // utime, stime, cutime, cstime: fields 14 to 17 (proc(5)); index 0 here is field 3.
      for (int f = 11; f <= 14; f++) {
        ticks += Long.parseLong(own[f]);
      }
      try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path proc : procs) {
          String[] s = stat(proc.resolve("stat"));
          if (s != null && s[1].equals(pid)) {
            ticks += Long.parseLong(s[11]) + Long.parseLong(s[12]);
          }
        }
      }
      return ticks / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The fields of a stat file after the command name (which may contain spaces). */
  private static String @Nullable [] stat(Path file) {
    try {
      String text = Files.readString(file);
      return text.substring(text.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
