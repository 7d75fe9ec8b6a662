package health.custodian.records.internal.storage;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bulk rows through PostgreSQL's COPY (text format), in the caller's transaction. For the large
 * change sets of transaction Bundles and imports it avoids the per-parameter work of batched
 * INSERTs on both sides of the connection. Values: null, String, Number (BigDecimal as plain text),
 * Boolean and Instant; escaping per PostgreSQL 17 "COPY", File Formats, Text Format.
 */
public final class PgCopy {

  /** Below this many rows a batched INSERT is just as good. */
  public static final int THRESHOLD = 64;

  private PgCopy() {}

  /**
   * Copies the rows into {@code tableAndColumns}, e.g. {@code sp_uri (res_pk, param_id, uri)}; the
   * caller names the table and columns (never user input).
   */
  public static void copy(JdbcTemplate jdbc, String tableAndColumns, List<Object[]> rows) {
    StringBuilder text = new StringBuilder(rows.size() * 64);
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          text.append('\t');
        }
        append(text, row[i]);
      }
      text.append('\n');
    }
    String sql = "copy " + tableAndColumns + " from stdin";
    jdbc.execute(
        (ConnectionCallback<Long>)
            con -> {
              try {
                return con.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(sql, new StringReader(text.toString()));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("\\N");
    } else if (value instanceof String s) {
      escape(out, s);
    } else if (value instanceof BigDecimal d) {
      out.append(d.toPlainString());
    } else if (value instanceof Instant t) {
      out.append(DateTimeFormatter.ISO_INSTANT.format(t));
    } else if (value instanceof Boolean b) {
      out.append(b ? 't' : 'f');
    } else if (value instanceof Number n) {
      out.append(n);
    } else {
      throw new IllegalArgumentException("no COPY text form for " + value.getClass());
    }
  }

  private static void escape(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }
}
