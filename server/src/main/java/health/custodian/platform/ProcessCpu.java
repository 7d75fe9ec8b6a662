package health.custodian.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    ServerCpu cpu = postgres(postmasterPid);
    return cpu == null ? 0 : cpu.total();
  }

  /**
   * A PostgreSQL server's CPU seconds so far: the postmaster's own, the children it has reaped
   * (exited backends and autovacuum workers), and each live child by pid.
   */
  public record ServerCpu(double postmaster, double reaped, Map<String, Double> children) {

    public double total() {
      double sum = postmaster + reaped;
      for (double c : children.values()) {
        sum += c;
      }
      return sum;
    }
  }

  /** {@link ServerCpu} of the server whose postmaster has this pid; null if unreadable. */
  public static @Nullable ServerCpu postgres(String postmasterPid) {
    String[] own = stat(Path.of("/proc", postmasterPid, "stat"));
    if (own == null) {
      return null;
    }
    try {
      // utime, stime, cutime, cstime: fields 14 to 17; index 0 here is field 3.
      Map<String, Double> children = new HashMap<>();
      try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path proc : procs) {
          String[] s = stat(proc.resolve("stat"));
          if (s != null && s[1].equals(postmasterPid)) {
            children.put(proc.getFileName().toString(), seconds(s, 11, 12));
          }
        }
      }
      return new ServerCpu(seconds(own, 11, 12), seconds(own, 13, 14), children);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double seconds(String[] stat, int first, int second) {
    return (Long.parseLong(stat[first]) + Long.parseLong(stat[second])) / TICKS_PER_SECOND;
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
