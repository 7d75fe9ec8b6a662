package health.custodian.records.internal.storage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.function.Consumer;
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
 * <p>Two ways to use it: rows collected first and sent by {@link #copy(JdbcTemplate, String)}, or
 * rows written straight into a running copy ({@link #copy(JdbcTemplate, String, Consumer)}), which
 * sends every {@value #CHUNK} bytes and so never holds or grows more than that buffer (the bulk
 * load writes hundreds of MB of bodies this way; growing a buffer for each batch's 4 MB of bodies
 * was the largest allocation of the import's writer thread, docs/benchmarks.md).
 *
 * <p>Not thread-safe; one instance per statement. Must be sent in the transaction of the caller
 * ({@link #copy} uses the {@link JdbcTemplate}'s transaction-bound connection).
 */
public final class CopyRows {

  /** The bytes a streaming copy sends at a time. */
  private static final int CHUNK = 1 << 16;

  private byte[] buf = new byte[CHUNK];
  private int size;
  private boolean rowStarted;
  private int rows;

  /** Where full chunks go; null while rows are only collected. */
  private final @Nullable CopyIn out;

  public CopyRows() {
    this.out = null;
  }

  private CopyRows(CopyIn out) {
    this.out = out;
  }

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
    streamed(
        jdbc,
        "copy " + target + " from stdin",
        in -> {
          try {
            in.writeToCopy(buf, 0, size);
          } catch (SQLException e) {
            throw new SendFailed(e);
          }
        });
  }

  /**
   * Runs {@code COPY table (columns) FROM STDIN} and lets {@code fill} write its rows straight into
   * it, {@value #CHUNK} bytes at a time. The caller knows there are rows (an empty copy is still a
   * round trip). If {@code fill} throws, the copy is cancelled and the exception rethrown.
   *
   * @param target {@code table (col, col, ...)}
   * @return the number of rows copied
   */
  public static long copy(JdbcTemplate jdbc, String target, Consumer<CopyRows> fill) {
    return streamed(
        jdbc,
        "copy " + target + " from stdin",
        in -> {
          CopyRows rows = new CopyRows(in);
          fill.accept(rows);
          rows.send();
        });
  }

  /**
   * Runs a {@code COPY ... FROM STDIN} statement with {@code write} sending its data; if that
   * throws, the copy is cancelled and the exception (or the SQL error behind a {@link SendFailed})
   * rethrown. The number of rows copied.
   */
  static long streamed(JdbcTemplate jdbc, String statement, Consumer<CopyIn> write) {
    Long copied =
        jdbc.execute(
            (ConnectionCallback<Long>)
                con -> {
                  CopyIn in = con.unwrap(PGConnection.class).getCopyAPI().copyIn(statement);
                  try {
                    write.accept(in);
                    return in.endCopy();
                  } catch (SendFailed e) {
                    cancel(in);
                    throw e.sqlException();
                  } catch (RuntimeException e) {
                    cancel(in);
                    throw e;
                  }
                });
    return copied == null ? 0 : copied;
  }

  private static void cancel(CopyIn in) {
    if (in.isActive()) {
      try {
        in.cancelCopy();
      } catch (SQLException e) {
        // The connection is broken already; the first failure is the one to report.
      }
    }
  }

  /** Sends the collected bytes of a streaming copy. */
  private void send() {
    CopyIn target = out;
    if (target != null && size > 0) {
      try {
        target.writeToCopy(buf, 0, size);
      } catch (SQLException e) {
        throw new SendFailed(e);
      }
      size = 0;
    }
  }

  /** Room for {@code n} more bytes: a full chunk is sent (streaming) or the buffer grows. */
  private void ensure(int n) {
    if (size + n <= buf.length) {
      return;
    }
    if (out != null) {
      send();
      if (n <= buf.length) {
        return;
      }
    }
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
  }

  private void put(int b) {
    if (size == buf.length) {
      ensure(1);
    }
    buf[size++] = (byte) b;
  }

  private void write(byte[] bytes) {
    if (out != null && bytes.length > buf.length) {
      // A value larger than a chunk (a big ExplanationOfBenefit) goes as it is.
      send();
      try {
        out.writeToCopy(bytes, 0, bytes.length);
      } catch (SQLException e) {
        throw new SendFailed(e);
      }
      return;
    }
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  /** A failed send of a streaming copy, carried out of {@code fill} to {@link #copy}. */
  static final class SendFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial")
    private final SQLException sqlException;

    SendFailed(SQLException sqlException) {
      super(sqlException);
      this.sqlException = sqlException;
    }

    SQLException sqlException() {
      return sqlException;
    }
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
    // String.indexOf(int) is a vectorised intrinsic: four of them cost less than one charAt loop,
    // which was the hottest frame of the import's writer thread (docs/benchmarks.md). JSON bodies
    // never hold a raw tab or line break, and few (551 of 183,772 Synthea lines) a backslash.
    if (s.indexOf('\\') < 0 && s.indexOf('\n') < 0 && s.indexOf('\t') < 0 && s.indexOf('\r') < 0) {
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
