package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.internal.json.FhirJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A line is stored as it is (meta spliced in) only when it is exactly what serialising its parsed
 * tree gives: everything else must fall back to serialising.
 */
class CanonicalLineTest {

  private static final String PREFIX = "{\"resourceType\":\"Observation\",\"id\":\"o1\"";

  private static String tail(String line) {
    boolean hasMeta = FhirJson.parseResource(line.getBytes(StandardCharsets.UTF_8)).has("meta");
    return tail(hasMeta, line.getBytes(StandardCharsets.UTF_8));
  }

  /** The text from {@code CanonicalLine.tailStart} on, or null when the line is not canonical. */
  private static String tail(boolean hasMeta, byte[] line) {
    int at = CanonicalLine.tailStart("Observation", "o1", hasMeta, line);
    return at < 0 ? null : new String(line, at, line.length - at, StandardCharsets.UTF_8);
  }

  private static void assertCanonical(String line) {
    String tail = tail(line);
    assertThat(tail).as(line).isNotNull();
    assertThat(PREFIX + tail).isEqualTo(line);
    // The property the splice relies on: the store would write exactly this text.
    assertThat(FhirJson.write(FhirJson.parseResource(line.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(line);
  }

  @Test
  void compactLinesAreStoredAsTheyAre() {
    assertCanonical(PREFIX + "}");
    assertCanonical(PREFIX + ",\"meta\":{\"profile\":[\"http://x\"]},\"status\":\"final\"}");
    assertCanonical(
        PREFIX
            + ",\"status\":\"final\",\"valueQuantity\":{\"value\":1.50,\"unit\":\"mg\"},"
            + "\"note\":[{\"text\":\"line\\nbreak \\\"quoted\\\" back\\\\slash tab\\t é ✓ 𝄞 a/b\"}],"
            + "\"component\":[{\"valueInteger\":-12},{\"valueBoolean\":true},"
            + "{\"valueBoolean\":false},{\"valueDecimal\":-0.5},{\"valueDecimal\":0.000001},"
            + "{\"valueDecimal\":123456789012345678901234567890.000},{\"valueString\":\"1e5\"}],"
            + "\"x\":null}");
  }

  @Test
  void anythingElseIsSerialisedAgain() {
    String[] lines = {
      PREFIX + ", \"status\":\"final\"}",
      PREFIX + ",\"status\" :\"final\"}",
      PREFIX + ",\"status\":\"final\"} ",
      PREFIX + ",\"note\":\"\\u0041\"}",
      PREFIX + ",\"note\":\"a\\/b\"}",
      PREFIX + ",\"valueDecimal\":1e5}",
      PREFIX + ",\"valueDecimal\":1.5E-3}",
      PREFIX + ",\"valueInteger\":-0}",
      PREFIX + ",\"valueDecimal\":-0.0}",
      PREFIX + ",\"valueDecimal\":0.0000001}",
      "{\"id\":\"o1\",\"resourceType\":\"Observation\"}",
      "{\"resourceType\":\"Observation\",\"id\":\"o2\"}",
      "{\"resourceType\":\"Observation\",\"id\":\"o1\" }",
      // A meta elsewhere than right after the id would end up twice.
      PREFIX + ",\"status\":\"final\",\"meta\":{\"profile\":[\"http://x\"]}}",
    };
    for (String line : lines) {
      assertThat(tail(line)).as(line).isNull();
    }
  }

  @Test
  void stringsAreScannedWholeWhereverTheirSpecialCharactersFall() {
    // Strings are scanned eight bytes at a time: put each special character at every offset of a
    // long string, so that it falls in every byte of a word and in the bytes after the last word.
    String text = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int at = 0; at <= text.length(); at++) {
      String before = text.substring(0, at);
      String after = text.substring(at);
      for (String good : new String[] {"\\\"", "\\\\", "\\n", "\\t", "é", "𝄞", "~"}) {
        assertCanonical(PREFIX + ",\"note\":\"" + before + good + after + "\"}");
      }
      for (String bad : new String[] {"\\u0041", "\\/", "\u0001", "\u001f", "\t", "\n"}) {
        String line = PREFIX + ",\"note\":\"" + before + bad + after + "\"}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(tail(false, bytes)).as(line).isNull();
      }
      // A string cut short (no closing quote) is never canonical.
      String open = PREFIX + ",\"note\":\"" + before;
      assertThat(tail(false, open.getBytes(StandardCharsets.UTF_8))).as(open).isNull();
    }
  }
}
