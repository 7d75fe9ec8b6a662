package health.custodian.records.internal.storage;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN (FORMAT binary)} (PostgreSQL 17 docs, "COPY",
 * File Formats / Binary Format: a signature, then per row a 16-bit field count and per field a
 * 32-bit length, -1 for null, and the value in its binary send format, all big-endian; a 16-bit -1
 * ends the data), streamed in chunks as {@link CopyRows#copy(JdbcTemplate, String, Consumer)} does.
 * Used for {@code resource_version}, whose bodies are most of the bytes a bulk load sends: in text
 * format the server scans every byte of them for line ends and escapes ({@code CopyReadLine},
 * {@code CopyReadAttributesText}), in binary it copies them by length.
 *
 * <p>Only the types the record store writes: {@code bigint}, {@code integer}, {@code text} (UTF-8,
 * the connection's encoding) and {@code timestamptz} (microseconds since 2000-01-01 UTC; the
 * server's {@code integer_datetimes}, the only choice since PostgreSQL 10). Not thread-safe.
 */
public final class BinaryCopyRows {

  private static final int CHUNK = 1 << 16;

  /** "PGCOPY\n\377\r\n\0", then 32-bit flags and header extension length, both 0. */
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix seconds. */
  private static final long PG_EPOCH_SECONDS = 946_684_800L;

  private final CopyIn out;
  private final byte[] buf = new byte[CHUNK];
  private int size;

  private BinaryCopyRows(CopyIn out) {
    this.out = out;
  }

  /**
   * Runs {@code COPY target FROM STDIN (FORMAT binary)} with the rows {@code fill} writes; if it
   * throws, the copy is cancelled and the exception rethrown.
   *
   * @param target {@code table (col, col, ...)}
   * @return the number of rows copied
   */
  public static long copy(JdbcTemplate jdbc, String target, Consumer<BinaryCopyRows> fill) {
    return CopyRows.streamed(
        jdbc,
        "copy " + target + " from stdin (format binary)",
        in -> {
          BinaryCopyRows rows = new BinaryCopyRows(in);
          rows.bytes(HEADER, 0, HEADER.length);
          fill.accept(rows);
          rows.int16(-1);
          rows.send();
        });
  }

  /** Starts a row of {@code fields} values. */
  public BinaryCopyRows row(int fields) {
    int16(fields);
    return this;
  }

  public BinaryCopyRows add(long value) {
    int32(8);
    int64(value);
    return this;
  }

  public BinaryCopyRows add(int value) {
    int32(4);
    int32(value);
    return this;
  }

  /** A {@code boolean} value: one byte, 1 or 0 ({@code boolsend}). */
  BinaryCopyRows add(boolean value) {
    int32(1);
    room(1);
    buf[size++] = (byte) (value ? 1 : 0);
    return this;
  }

  public BinaryCopyRows add(Instant value) {
    int32(8);
    int64((value.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + value.getNano() / 1000);
    return this;
  }

  /** A text value (or null) as UTF-8. */
  public BinaryCopyRows add(@Nullable String value) {
    if (value == null) {
      int32(-1);
    } else {
      byte[] b = value.getBytes(StandardCharsets.UTF_8);
      int32(b.length);
      bytes(b, 0, b.length);
    }
    return this;
  }

  /**
   * The text value {@code value.substring(begin, end)}, as UTF-8; an ASCII part is written from its
   * chars, without the substring and its encoded copy (bulk loads copy two parts of every link's
   * {@code Type/id} key, 874,350 links for 100 Synthea patients).
   */
  public BinaryCopyRows add(String value, int begin, int end) {
    int n = end - begin;
    if (n > buf.length) {
      return add(value.substring(begin, end));
    }
    for (int i = begin; i < end; i++) {
      if (value.charAt(i) >= 0x80) {
        return add(value.substring(begin, end));
      }
    }
    int32(n);
    room(n);
    for (int i = begin; i < end; i++) {
      buf[size++] = (byte) value.charAt(i);
    }
    return this;
  }

  /** A text value held as its UTF-8 bytes, written without an intermediate copy. */
  BinaryCopyRows add(SplicedBody value) {
    int32(value.length());
    bytes(value.head(), 0, value.head().length);
    bytes(value.text(), value.from(), value.text().length - value.from());
    return this;
  }

  /**
   * A {@code timestamptz} {@code infinity} ({@code positive}) or {@code -infinity}: the largest and
   * smallest 64-bit values ({@code DT_NOEND}, {@code DT_NOBEGIN} in PostgreSQL's
   * datatype/timestamp.h).
   */
  public BinaryCopyRows addInfinity(boolean positive) {
    int32(8);
    int64(positive ? Long.MAX_VALUE : Long.MIN_VALUE);
    return this;
  }

  private void int16(int v) {
    room(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  private void int32(int v) {
    room(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  private void int64(long v) {
    room(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  private void bytes(byte[] b, int off, int n) {
    if (n > buf.length) {
      send();
      try {
        out.writeToCopy(b, off, n);
      } catch (SQLException e) {
        throw new CopyRows.SendFailed(e);
      }
      return;
    }
    room(n);
    System.arraycopy(b, off, buf, size, n);
    size += n;
  }

  private void room(int n) {
    if (size + n > buf.length) {
      send();
    }
  }

  private void send() {
    if (size > 0) {
      try {
        out.writeToCopy(buf, 0, size);
      } catch (SQLException e) {
        throw new CopyRows.SendFailed(e);
      }
      size = 0;
    }
  }
}
