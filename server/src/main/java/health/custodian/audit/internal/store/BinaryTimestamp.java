package health.custodian.audit.internal.store;

import org.jspecify.annotations.Nullable;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

/**
 * A {@code timestamptz} parameter sent in PostgreSQL's binary form: microseconds since 2000-01-01
 * 00:00:00 UTC as a big-endian 64-bit integer (the server's {@code timestamptz_recv}, PostgreSQL 17
 * docs, Frontend/Backend Protocol, "Formats and Format Codes"). The JDBC driver sends every {@code
 * java.time} and {@code java.sql.Timestamp} value as text, which the server parses per record
 * ({@code ParseDateTime}, {@code DecodeDate}: a few µs of the audit leader's backend per read,
 * docs/benchmarks.md); the driver sends a {@link PGBinaryObject} of a type in its binary set
 * ({@code timestamptz} is) as bytes. The value is exactly the record's {@code recordedMicros}, the
 * instant the chain MAC covers.
 */
final class BinaryTimestamp extends PGobject implements PGBinaryObject {

  private static final long serialVersionUID = 1L;

  /** 2000-01-01 00:00:00 UTC, PostgreSQL's timestamp epoch, in microseconds since 1970. */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  private long micros;

  /**
   * @param epochMicros microseconds since 1970-01-01 00:00:00 UTC
   */
  BinaryTimestamp(long epochMicros) {
    this.type = "timestamptz";
    this.micros = epochMicros;
  }

  @Override
  public void setByteValue(byte[] value, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (value[offset + i] & 0xff);
    }
    micros = v + POSTGRES_EPOCH_MICROS;
  }

  @Override
  public int lengthInBytes() {
    return 8;
  }

  @Override
  public void toBytes(byte[] bytes, int offset) {
    long v = micros - POSTGRES_EPOCH_MICROS;
    for (int i = 7; i >= 0; i--) {
      bytes[offset + i] = (byte) v;
      v >>>= 8;
    }
  }

  /** The text form, for a driver that sends it as text (binary transfer off). */
  @Override
  public String getValue() {
    return java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS).toString();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof BinaryTimestamp t && t.micros == micros;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(micros);
  }
}
