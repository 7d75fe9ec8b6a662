package health.custodian.audit.internal.chain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * The canonical bytes of an event (format 1) and the chain link over them: {@code mac_n =
 * HMAC-SHA256(chainKey, mac_(n-1) || canonical(n))}. Every field is written in a fixed order,
 * numbers big-endian, strings as a 4-byte length (-1 for null) and UTF-8 bytes, lists as a count
 * and their strings; the position is included, so moving a row to another position breaks its mac.
 */
public final class Canonical {

  private static final byte FORMAT = 1;

  /** A byte buffer whose contents the Mac reads in place (no copy per record). */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(256);
    }

    void updateMac(Mac mac) {
      mac.update(buf, 0, count);
    }
  }

  private final Buffer out = new Buffer();

  /** Computes the link of {@code row} after {@code previous} with {@code mac} (reused). */
  public byte[] link(Mac mac, byte[] previous, EventRow row) {
    out.reset();
    out.write(FORMAT);
    writeLong(row.seq());
    writeLong(row.recordedMicros());
    writeString(row.agent());
    writeString(row.subtype());
    writeString(row.address());
    writeString(row.session());
    writeInt(row.outcome());
    writeInt(row.action());
    out.write(row.emergency() ? 1 : 0);
    writeString(row.detail());
    writeString(row.query());
    writeString(row.breakGlass());
    writeList(row.entities());
    writeList(row.patients());
    mac.update(previous);
    out.updateMac(mac);
    return mac.doFinal();
  }

  private void writeList(List<String> values) {
    writeInt(values.size());
    for (String v : values) {
      writeString(v);
    }
  }

  private void writeString(@Nullable String s) {
    if (s == null) {
      writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeInt(b.length);
    out.write(b, 0, b.length);
  }

  private void writeInt(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }
}
