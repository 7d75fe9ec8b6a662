package health.custodian.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * CPU seconds used so far by this JVM and by a PostgreSQL server (its postmaster, its live backends
 * and the backends it has reaped), for benchmarks on shared machines: CPU seconds hardly depend on
 * what else runs, wall seconds do. Linux only ({@code /proc}, proc(5)); elsewhere PostgreSQL's
 * share reads as zero.
 */
public final class ProcessCpu {

  /** Linux's USER_HZ: the unit of the times in {@code /proc/<pid>/stat}. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** This JVM's CPU seconds (all its threads). */
  public static double jvmSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return 0;
  }

  /** The CPU seconds of the PostgreSQL server whose postmaster has this pid; 0 if unreadable. */
  public static double postgresSeconds(String postmasterPid) {
    String[] own = stat(Path.of("/proc", postmasterPid, "stat"));
    if (own == null) {
      return 0;
    }
    try {
      // utime, stime, cutime, cstime: fields 14 to 17; index 0 here is field 3.
      long ticks = 0;
      for (int f = 11; f <= 14; f++) {
        ticks += Long.parseLong(own[f]);
      }
      try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path proc : procs) {
          String[] s = stat(proc.resolve("stat"));
          if (s != null && s[1].equals(postmasterPid)) {
            ticks += Long.parseLong(s[11]) + Long.parseLong(s[12]);
          }
        }
      }
      return ticks / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The parent pid of a process (for a backend: its postmaster); null if unreadable. */
  public static @Nullable String parentPid(long pid) {
    String[] s = stat(Path.of("/proc", String.valueOf(pid), "stat"));
    return s == null ? null : s[1];
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
