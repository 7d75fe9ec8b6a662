package health.custodian.synthea;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A progress bar on standard error while Synthea generates (issue #4: "progress bars while
 * generating and loading"). Synthea prints nothing per patient here ({@code
 * generate.log_patients.detail=none} keeps even synthetic names off terminals), so the bar reads
 * the generator's own counters of patients recorded, living and deceased. Synthea's population size
 * counts living patients only; the deceased, which it exports too, are shown beside them. On a
 * terminal the bar is redrawn in place ten times a second; without one (a pipe, CI) nothing is
 * drawn and the summary line at the end is all there is.
 */
final class GenerationProgress implements AutoCloseable {

  private static final int WIDTH = 24;

  private final PrintStream err;
  private final boolean bar;
  private final int target;
  private final IntSupplier alive;
  private final IntSupplier dead;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService timer;
  private boolean finished;

  GenerationProgress(
      PrintStream err, boolean bar, int target, IntSupplier alive, IntSupplier dead) {
    this.err = err;
    this.bar = bar;
    this.target = target;
    this.alive = alive;
    this.dead = dead;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "custodian-generation-progress");
              thread.setDaemon(true);
              return thread;
            });
    if (bar) {
      timer.scheduleAtFixedRate(this::draw, 100, 100, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Redraws the bar; once the target is reached it is left as a line of its own, since Synthea
   * prints its summary on standard output right after the last patient and would otherwise land on
   * the bar's line.
   */
  private synchronized void draw() {
    if (finished) {
      return;
    }
    int living = alive.getAsInt();
    err.print("\r\033[K" + line(living, dead.getAsInt(), target, System.nanoTime() - start));
    if (living >= target) {
      err.print('\n');
      finished = true;
    }
    err.flush();
  }

  /** The bar's text for {@code alive} of {@code target} living patients after {@code nanos}. */
  static String line(int alive, int dead, int target, long nanos) {
    double fraction = target > 0 ? Math.min(1.0, (double) alive / target) : 1.0;
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = nanos / 1e9;
    String eta =
        fraction > 0.001 && fraction < 1.0
            ? duration((long) (seconds / fraction - seconds))
            : "--:--";
    return String.format(
        Locale.ROOT,
        "Generating [%s%s] %3d%%  patients %,d/%,d  deceased %,d  ETA %s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        alive,
        target,
        dead,
        eta);
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
    synchronized (this) {
      if (bar && !finished) {
        err.print("\r\033[K");
        err.flush();
      }
      finished = true;
    }
  }
}
