package health.custodian.records.internal.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bulk-loaded version's stored body held as the UTF-8 bytes it is stored as: the server's head
 * ({@code {"resourceType":T,"id":X,"meta":{"versionId":V,"lastUpdated":L}, and the join to what
 * follows) and the client's bytes after the id, which stay in the line they were read in. It is
 * exactly the text {@link ResourceMeta#splice} gives for the same tail, without decoding the line
 * into a {@code String}, building the spliced {@code String} and encoding it again for {@code COPY}:
 * those three copies of every body were a third of the bytes the load phase allocated
 * (docs/benchmarks.md, Bulk data, "load phase, the JVM's side profiled").
 */
final class SplicedBody {

  /** How a client's {@code meta} begins right after the id in compact text. */
  private static final byte[] CLIENT_META = ",\"meta\":{".getBytes(StandardCharsets.US_ASCII);

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] head;
  private final byte[] text;
  private final int from;

  private SplicedBody(byte[] head, byte[] text, int from) {
    this.head = head;
    this.text = text;
    this.from = from;
  }

  /**
   * The body of {@link ResourceMeta#splice} for the tail {@code text[from..]}, which must be the
   * exact bytes of a tail {@link ResourceMeta#splice} accepts ({@link #wellFormed}).
   *
   * @param lastUpdated {@link ResourceMeta#instant} of the version's time
   */
  static SplicedBody of(
      String type, String id, int version, String lastUpdated, byte[] text, int from) {
    StringBuilder out = ResourceMeta.head(type, id, version, lastUpdated, 0);
    int rest = from;
    if (startsWith(text, from, CLIENT_META)) {
      // The client's meta elements follow the server's two, as ResourceMeta.splice orders them.
      rest = from + CLIENT_META.length;
      if (rest < text.length && text[rest] != '}') {
        out.append(',');
      }
    } else {
      out.append('}');
    }
    return new SplicedBody(out.toString().getBytes(StandardCharsets.UTF_8), text, rest);
  }

  /**
   * {@code text[from..]} itself when it is well-formed UTF-8, else the bytes the {@code String}
   * path stored for it (decoded with replacement characters, encoded again): the spliced body is
   * then byte for byte what {@link ResourceMeta#splice} of the decoded tail gives. Only lines with
   * a byte above 127 need the check (2,882 of the 183,772 Synthea lines).
   */
  static byte[] wellFormed(byte[] text, int from) {
    if (ascii(text, from)) {
      return text;
    }
    byte[] again =
        new String(text, from, text.length - from, StandardCharsets.UTF_8)
            .getBytes(StandardCharsets.UTF_8);
    return Arrays.equals(again, 0, again.length, text, from, text.length) ? text : again;
  }

  /** The bytes as stored. */
  int length() {
    return head.length + text.length - from;
  }

  byte[] head() {
    return head;
  }

  byte[] text() {
    return text;
  }

  int from() {
    return from;
  }

  /** The body as a {@code String}, for the rare caller that needs one (statements, the guard). */
  String string() {
    byte[] all = Arrays.copyOf(head, length());
    System.arraycopy(text, from, all, head.length, text.length - from);
    return new String(all, StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] text, int at, byte[] ascii) {
    return text.length >= at + ascii.length
        && Arrays.equals(text, at, at + ascii.length, ascii, 0, ascii.length);
  }

  /** No byte above 127, eight at a time. */
  private static boolean ascii(byte[] b, int from) {
    int i = from;
    long high = 0;
    for (; i + 8 <= b.length; i += 8) {
      high |= (long) LONGS.get(b, i);
    }
    for (; i < b.length; i++) {
      high |= b[i];
    }
    return (high & 0x8080808080808080L) == 0;
  }
}
