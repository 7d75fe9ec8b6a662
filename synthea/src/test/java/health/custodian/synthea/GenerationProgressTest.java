package health.custodian.synthea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GenerationProgressTest {

  @Test
  void theLineCountsLivingPatientsAgainstTheTarget() {
    assertThat(GenerationProgress.line(0, 0, 100, 1_000_000_000L))
        .isEqualTo(
            "Generating [........................]   0%  patients 0/100  deceased 0  ETA --:--");
    assertThat(GenerationProgress.line(50, 3, 100, 10_000_000_000L))
        .isEqualTo(
            "Generating [############............]  50%  patients 50/100  deceased 3  ETA 0:10");
    // Never past the end, whatever the counters say.
    assertThat(GenerationProgress.line(1_200, 40, 1_000, 90_000_000_000L))
        .startsWith("Generating [########################] 100%  patients 1,200/1,000");
  }

  @Test
  void onATerminalTheBarFollowsTheCountersAndIsClearedAtTheEnd() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicInteger alive = new AtomicInteger(7);
    try (GenerationProgress progress = new GenerationProgress(err, true, 10, alive::get, () -> 2)) {
      awaitText(bytes, "patients 7/10  deceased 2");
      alive.set(9);
      awaitText(bytes, "patients 9/10  deceased 2");
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("\r\033[K");
  }

  @Test
  void atTheTargetTheBarIsLeftAsALineOfItsOwn() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (GenerationProgress progress = new GenerationProgress(err, true, 4, () -> 4, () -> 1)) {
      awaitText(bytes, "patients 4/4  deceased 1  ETA --:--\n");
      Thread.sleep(300);
    }
    // Drawn once and then left alone: Synthea's summary goes on the next line.
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).endsWith("ETA --:--\n");
    assertThat(out.split("Generating", -1)).hasSize(2);
  }

  @Test
  void withoutATerminalNothingIsDrawn() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (GenerationProgress progress = new GenerationProgress(err, false, 10, () -> 5, () -> 0)) {
      Thread.sleep(600);
    }
    assertThat(bytes.size()).isZero();
  }

  private static void awaitText(ByteArrayOutputStream bytes, String text)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!bytes.toString(StandardCharsets.UTF_8).contains(text)) {
      assertThat(System.nanoTime()).as("the bar shows " + text).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
