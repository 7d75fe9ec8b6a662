package health.custodian.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * User and kernel CPU ticks of this JVM's threads, grouped by name, from {@code
 * /proc/self/task/<tid>/stat} (proc(5): utime and stime, fields 14 and 15, in USER_HZ ticks) and
 * the whole process from {@code /proc/self/stat}, which also counts threads that have ended. Linux
 * only; for the audit benchmark's split of the hand-off into user and kernel time.
 */
final class ThreadTimes {

  /** Ticks per thread id: {group, user, kernel}. */
  private final Map<String, long[]> byThread;

  private final long processUser;
  private final long processKernel;

  private ThreadTimes(Map<String, long[]> byThread, long processUser, long processKernel) {
    this.byThread = byThread;
    this.processUser = processUser;
    this.processKernel = processKernel;
  }

  static ThreadTimes now() {
    Map<String, long[]> threads = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String text = Files.readString(task.resolve("stat"));
          String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
          String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
          threads.put(
              task.getFileName().toString(),
              new long[] {0, Long.parseLong(f[11]), Long.parseLong(f[12])});
          threads.get(task.getFileName().toString())[0] = group(name);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
      String self = Files.readString(Path.of("/proc/self/stat"));
      String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
      return new ThreadTimes(threads, Long.parseLong(f[11]), Long.parseLong(f[12]));
    } catch (IOException | RuntimeException e) {
      return new ThreadTimes(Map.of(), 0, 0);
    }
  }

  private static final String[] GROUPS = {
    "audit-writer", "appenders", "JIT", "GC", "other",
  };

  private static long group(String name) {
    if (name.startsWith("audit-writer")) {
      return 0;
    }
    if (name.startsWith("pool-")) {
      return 1;
    }
    if (name.contains("Compiler") || name.startsWith("C1 ") || name.startsWith("C2 ")) {
      return 2;
    }
    if (name.startsWith("G1") || name.startsWith("GC") || name.contains("GC ")) {
      return 3;
    }
    return 4;
  }

  /**
   * Microseconds per event, user and kernel, by group and for the process, since {@code before}.
   */
  String perEvent(ThreadTimes before, long events) {
    long[][] sums = new long[GROUPS.length][2];
    for (Map.Entry<String, long[]> e : byThread.entrySet()) {
      long[] now = e.getValue();
      long[] then = before.byThread.getOrDefault(e.getKey(), new long[] {now[0], 0, 0});
      sums[(int) now[0]][0] += now[1] - then[1];
      sums[(int) now[0]][1] += now[2] - then[2];
    }
    double us = 10_000.0 / events; // a tick is 10 ms
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "process user %.1f kernel %.1f",
                (processUser - before.processUser) * us,
                (processKernel - before.processKernel) * us));
    for (int g = 0; g < GROUPS.length; g++) {
      b.append(
          String.format(
              Locale.ROOT,
              "; %s user %.1f kernel %.1f",
              GROUPS[g],
              sums[g][0] * us,
              sums[g][1] * us));
    }
    return b.append(" (µs per event, live threads)").toString();
  }
}
