package health.custodian.records.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A bulk load's spliced body is the very text that setting meta and serialising gives, and its
 * bytes ({@link SplicedBody}) are that text's UTF-8.
 */
class ResourceMetaTest {

  private static final String PREFIX = "{\"resourceType\":\"Patient\",\"id\":\"p1\"";

  private static void assertSpliceMatches(String line) {
    Instant at = Instant.parse("2026-11-26T20:00:00.120Z");
    ObjectNode tree = FhirJson.parseResource(line.getBytes(StandardCharsets.UTF_8));
    ResourceMeta.set(tree, "Patient", "p1", 3, at);
    String tail = line.substring(PREFIX.length());
    assertThat(ResourceMeta.splice("Patient", "p1", 3, at, tail))
        .isEqualTo(ResourceMeta.serialize(tree));
    assertBytesMatch(line.getBytes(StandardCharsets.UTF_8), at);
  }

  /** The spliced bytes of a line (as read: the tail begins after the prefix) and the text agree. */
  private static void assertBytesMatch(byte[] line, Instant at) {
    // Behind some other bytes, as a line sits in the batch: only the tail from its start counts.
    byte[] text = new byte[line.length + 5];
    System.arraycopy(line, 0, text, 5, line.length);
    int from = 5 + PREFIX.length();
    String tail = new String(text, from, text.length - from, StandardCharsets.UTF_8);
    String expected = ResourceMeta.splice("Patient", "p1", 3, at, tail);
    byte[] exact = SplicedBody.wellFormed(text, from);
    SplicedBody body =
        SplicedBody.of(
            "Patient", "p1", 3, ResourceMeta.instant(at), exact, exact == text ? from : 0);
    byte[] bytes = new byte[body.length()];
    System.arraycopy(body.head(), 0, bytes, 0, body.head().length);
    System.arraycopy(
        body.text(), body.from(), bytes, body.head().length, body.text().length - body.from());
    assertThat(bytes).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    assertThat(body.string()).isEqualTo(expected);
  }

  @Test
  void splicedBytesAreTheTextsUtf8EvenForMalformedInput() {
    Instant at = Instant.parse("2026-11-26T20:00:00Z");
    // Non-ASCII at every offset of a word, and sequences the String path replaced with U+FFFD:
    // a lone continuation byte, an overlong slash, an encoded surrogate, a cut-off sequence.
    String[] middles = {"é", "𝄞", "✓x", "\\u00e9"};
    for (String middle : middles) {
      for (int pad = 0; pad < 9; pad++) {
        String line = PREFIX + ",\"note\":\"" + "a".repeat(pad) + middle + "\"}";
        assertBytesMatch(line.getBytes(StandardCharsets.UTF_8), at);
      }
    }
    byte[][] malformed = {
      {(byte) 0x80},
      {(byte) 0xc0, (byte) 0xaf},
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      {(byte) 0xe2, (byte) 0x9c}
    };
    for (byte[] bad : malformed) {
      byte[] head = (PREFIX + ",\"note\":\"ab").getBytes(StandardCharsets.US_ASCII);
      byte[] line = new byte[head.length + bad.length + 2];
      System.arraycopy(head, 0, line, 0, head.length);
      System.arraycopy(bad, 0, line, head.length, bad.length);
      line[line.length - 2] = '"';
      line[line.length - 1] = '}';
      assertBytesMatch(line, at);
      assertThat(SplicedBody.wellFormed(line, PREFIX.length())).isNotSameAs(line);
    }
  }

  @Test
  void spliceGivesTheSerialisedText() {
    assertSpliceMatches(PREFIX + "}");
    assertSpliceMatches(PREFIX + ",\"gender\":\"female\"}");
    assertSpliceMatches(PREFIX + ",\"meta\":{},\"gender\":\"female\"}");
    assertSpliceMatches(PREFIX + ",\"meta\":{\"profile\":[\"http://x\"]}}");
    assertSpliceMatches(
        PREFIX
            + ",\"meta\":{\"profile\":[\"http://x\"],\"tag\":[{\"code\":\"t\"}]},"
            + "\"name\":[{\"family\":\"A\"}]}");
  }
}
