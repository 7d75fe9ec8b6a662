package health.custodian.records.internal.storage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in text format (PostgreSQL 17 docs, "COPY",
 * File Formats / Text Format): columns separated by a tab, rows by a newline, {@code \N} for null,
 * backslash, tab, newline and carriage return escaped with a backslash. Bulk loads use it instead
 * of batched inserts: the server parses no statement per row (or per 128 rows) and binds no
 * parameters, only splits lines.
 *
 * <p>Not thread-safe; one instance per statement. Must be sent in the transaction of the caller
 * ({@link #copy} uses the {@link JdbcTemplate}'s transaction-bound connection).
 */
public final class CopyRows {

  private byte[] buf = new byte[1 << 16];
  private int size;
  private boolean rowStarted;
  private int rows;

  /** The number of complete rows. */
  public int rows() {
    return rows;
  }

  public CopyRows add(long value) {
    separate();
    ascii(Long.toString(value));
    return this;
  }

  public CopyRows add(boolean value) {
    separate();
    put(value ? 't' : 'f');
    return this;
  }

  /** An instant as ISO 8601 UTC ({@code 2026-11-26T19:00:00.123Z}), which timestamptz accepts. */
  public CopyRows add(@Nullable Instant value) {
    separate();
    if (value == null) {
      nul();
    } else {
      ascii(value.toString());
    }
    return this;
  }

  /** A text value (or null), escaped as the text format needs. */
  public CopyRows add(@Nullable String value) {
    separate();
    if (value == null) {
      nul();
    } else {
      text(value);
    }
    return this;
  }

  /**
   * Any of the values index rows hold: null, String, Long, Integer, BigDecimal (plain notation),
   * Instant; anything else by its {@code toString()}.
   */
  public CopyRows addValue(@Nullable Object value) {
    if (value == null) {
      separate();
      nul();
    } else if (value instanceof Long l) {
      add(l.longValue());
    } else if (value instanceof Integer i) {
      add(i.longValue());
    } else if (value instanceof BigDecimal d) {
      separate();
      ascii(d.toPlainString());
    } else if (value instanceof Instant t) {
      add(t);
    } else if (value instanceof OffsetDateTime t) {
      add(t.withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    } else {
      add(value.toString());
    }
    return this;
  }

  /** A raw value written as is (for constants such as {@code -infinity}). */
  public CopyRows addRaw(String ascii) {
    separate();
    ascii(ascii);
    return this;
  }

  public void endRow() {
    put('\n');
    rowStarted = false;
    rows++;
  }

  /**
   * Sends the rows with {@code COPY table (columns) FROM STDIN}; nothing when there are none.
   *
   * @param target {@code table (col, col, ...)}
   */
  public void copy(JdbcTemplate jdbc, String target) {
    if (rows == 0) {
      return;
    }
    jdbc.execute(
        (ConnectionCallback<Long>)
            con -> {
              CopyIn in =
                  con.unwrap(PGConnection.class)
                      .getCopyAPI()
                      .copyIn("copy " + target + " from stdin");
              in.writeToCopy(buf, 0, size);
              return in.endCopy();
            });
  }

  private void put(int b) {
    if (size == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[size++] = (byte) b;
  }

  private void write(byte[] bytes) {
    if (size + bytes.length > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + bytes.length));
    }
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  private void separate() {
    if (rowStarted) {
      put('\t');
    }
    rowStarted = true;
  }

  private void nul() {
    put('\\');
    put('N');
  }

  private void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      put(s.charAt(i));
    }
  }

  private void text(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = c != '\\' && c != '\t' && c != '\n' && c != '\r';
    }
    if (plain) {
      write(s.getBytes(StandardCharsets.UTF_8));
      return;
    }
    StringBuilder escaped = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> escaped.append("\\\\");
        case '\t' -> escaped.append("\\t");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        default -> escaped.append(c);
      }
    }
    write(escaped.toString().getBytes(StandardCharsets.UTF_8));
  }
}
