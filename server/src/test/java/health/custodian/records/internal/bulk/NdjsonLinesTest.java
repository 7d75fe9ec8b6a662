package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines are split at every newline wherever it falls in the eight-byte words of the scan. */
class NdjsonLinesTest {

  private static List<NdjsonLines.Line> read(String text, int maxLine) throws IOException {
    NdjsonLines lines =
        new NdjsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLine);
    List<NdjsonLines.Line> out = new ArrayList<>();
    NdjsonLines.Line line;
    while ((line = lines.next()) != null) {
      out.add(line);
    }
    return out;
  }

  @Test
  void everyNewlineOffsetSplits() throws IOException {
    for (int a = 0; a < 20; a++) {
      for (int b = 0; b < 20; b++) {
        String first = "x".repeat(a);
        String second = "y".repeat(b) + "\u00e9";
        List<NdjsonLines.Line> lines = read(first + "\n" + second + "\r\n", 1000);
        assertThat(lines).hasSize(2);
        assertThat(new String(lines.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo(first);
        assertThat(new String(lines.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo(second);
        assertThat(lines.get(1).terminated()).isTrue();
        assertThat(lines.get(1).number()).isEqualTo(2);
      }
    }
  }

  @Test
  void longLinesLastLinesAndTooLongLines() throws IOException {
    String big = "z".repeat(200_000);
    List<NdjsonLines.Line> lines = read(big + "\n\nshort\n" + "w".repeat(50) + "\nend", 1_000_000);
    assertThat(lines).extracting(l -> l.bytes().length).containsExactly(200_000, 0, 5, 50, 3);
    assertThat(lines.get(4).terminated()).isFalse();
    List<NdjsonLines.Line> limited = read(big + "\nok\n", 100_000);
    assertThat(limited.get(0).tooLong()).isTrue();
    assertThat(new String(limited.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
  }

  @Test
  void theScanFindsTheFirstNewlineOfARange() {
    byte[] b = "abcdefgh\nijklmnop\nq".getBytes(StandardCharsets.US_ASCII);
    assertThat(NdjsonLines.newline(b, 0, b.length)).isEqualTo(8);
    assertThat(NdjsonLines.newline(b, 9, b.length)).isEqualTo(17);
    assertThat(NdjsonLines.newline(b, 18, b.length)).isEqualTo(b.length);
    assertThat(NdjsonLines.newline(b, 0, 8)).isEqualTo(8);
  }
}
