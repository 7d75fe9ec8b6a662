package health.custodian.records.internal.storage;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes many version rows with PostgreSQL's COPY (text format), in the caller's transaction: for
 * the large bodies of a transaction Bundle it avoids the per-parameter work of batched INSERTs on
 * both sides of the connection. Escaping follows the COPY text format (PostgreSQL 17 docs, "COPY",
 * File Formats / Text Format): backslash, tab, newline and carriage return.
 */
final class VersionCopy {

  /** Below this many rows a batched INSERT is just as good. */
  static final int THRESHOLD = 64;

  private static final String SQL =
      "copy resource_version (res_pk, version, res_type, res_id, last_updated, method, body)"
          + " from stdin";

  private VersionCopy() {}

  static void copy(JdbcTemplate jdbc, List<PendingVersion> versions) {
    StringBuilder rows = new StringBuilder(versions.size() * 2048);
    for (PendingVersion v : versions) {
      rows.append(v.pk()).append('\t').append(v.version()).append('\t');
      escape(rows, v.resourceType()).append('\t');
      escape(rows, v.id()).append('\t');
      rows.append(DateTimeFormatter.ISO_INSTANT.format(v.lastUpdated())).append('\t');
      escape(rows, v.method()).append('\t');
      String body = v.body();
      if (body == null) {
        rows.append("\\N");
      } else {
        escape(rows, body);
      }
      rows.append('\n');
    }
    jdbc.execute(
        (ConnectionCallback<Long>)
            con -> {
              try {
                return con.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(SQL, new StringReader(rows.toString()));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private static StringBuilder escape(StringBuilder out, String s) {
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
    return out;
  }
}
