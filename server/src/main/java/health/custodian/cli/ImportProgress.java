package health.custodian.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Shows an import on stderr: failures as they happen and, on a terminal, a progress bar redrawn in
 * place at most ten times a second. Without a terminal (a pipe, CI) there is no bar.
 */
final class ImportProgress implements ImportListener, AutoCloseable {

  private static final int WIDTH = 24;

  /** The leading count of an {@code $import} job's {@code X-Progress} ("12,000 resources ..."). */
  private static final Pattern COUNT = Pattern.compile("^([0-9][0-9,]*) resources");

  /** The index phase's count ("...; search index: 8,000 written"). */
  private static final Pattern INDEXED = Pattern.compile("search index: ([0-9][0-9,]*) written");

  private final PrintStream err;
  private final boolean bar;
  private final int totalFiles;
  private final long totalBytes;
  private final long start = System.nanoTime();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong resources = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Object lock = new Object();
  private volatile @Nullable String engineStatus;
  private volatile double engineFraction;
  private final ScheduledExecutorService timer;

  ImportProgress(PrintStream err, boolean bar, List<ImportFile> files) {
    this.err = err;
    this.bar = bar;
    this.totalFiles = files.size();
    this.totalBytes = files.stream().mapToLong(ImportFile::size).sum();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "custodian-progress");
              thread.setDaemon(true);
              return thread;
            });
    if (bar) {
      timer.scheduleAtFixedRate(this::draw, 100, 100, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void requestDone(ImportRequest request, long nanos, int stored, boolean retrying) {
    resources.addAndGet(stored);
  }

  @Override
  public void fileRead(ImportFile file) {
    files.incrementAndGet();
    bytes.addAndGet(file.size());
  }

  @Override
  public void failed(ImportFailure failure) {
    failed.incrementAndGet();
    synchronized (lock) {
      if (bar) {
        err.print("\r\033[K");
      }
      err.println(failure.describe());
    }
  }

  /** A line of its own above the bar (rejected lines of the engine, the route of files). */
  void message(String text) {
    synchronized (lock) {
      if (bar) {
        err.print("\r\033[K");
      }
      err.println(text);
    }
  }

  /** Counts failures reported otherwise than through {@link #failed}. */
  void failures(long count) {
    failed.addAndGet(count);
  }

  /**
   * The {@code $import} job's {@code X-Progress} text while it runs: the bar then follows the job,
   * reading then indexing {@code total} resources, each half of the bar (null ends it).
   */
  void engine(@Nullable String status, long total) {
    if (status == null) {
      engineStatus = null;
      return;
    }
    long count = number(COUNT.matcher(status));
    long indexed = number(INDEXED.matcher(status));
    if (status.contains("search index") || status.contains("link index")) {
      engineFraction = 0.5 + (count > 0 && indexed >= 0 ? 0.5 * indexed / count : 0.0);
    } else if (count >= 0 && total > 0) {
      engineFraction = 0.5 * Math.min(1.0, (double) count / total);
      resources.set(count);
    }
    engineStatus = status;
  }

  /** Resources stored through the engine (from its manifest), added to the transaction path's. */
  void engineDone(long loaded) {
    engineStatus = null;
    resources.set(loaded);
  }

  private static long number(Matcher m) {
    return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
  }

  private void draw() {
    synchronized (lock) {
      err.print("\r\033[K" + line(System.nanoTime() - start));
      err.flush();
    }
  }

  /** The bar's text; files read count as done, so the bar runs slightly ahead of the server. */
  String line(long elapsedNanos) {
    String status = engineStatus;
    double fraction =
        status != null
            ? Math.min(1.0, engineFraction)
            : totalBytes > 0 ? Math.min(1.0, (double) bytes.get() / totalBytes) : 1.0;
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = elapsedNanos / 1e9;
    long done = resources.get();
    double rate = seconds > 0 ? done / seconds : 0;
    String eta =
        fraction > 0.001 && fraction < 1.0
            ? duration((long) (seconds / fraction - seconds))
            : "--:--";
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%%  files %,d/%,d  resources %,d  %,.0f/s  ETA %s%s%s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        files.get(),
        totalFiles,
        done,
        rate,
        eta,
        failed.get() > 0 ? String.format(Locale.ROOT, "  %,d failed", failed.get()) : "",
        status != null ? "  $import: " + status : "");
  }

  private static String duration(long seconds) {
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (bar) {
      synchronized (lock) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }
}
