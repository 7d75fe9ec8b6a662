package health.custodian.audit.internal.store;

import health.custodian.access.AuditRecord;
import health.custodian.audit.internal.chain.AuditKeys;
import health.custodian.audit.internal.chain.Canonical;
import health.custodian.audit.internal.chain.EventRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * The group-commit leader's append: one statement, one round trip, its own transaction. The leader
 * remembers the chain head it last wrote; the statement moves the head only if it is still there
 * ({@code update ... where seq = expected}: under READ COMMITTED an update that waited for the row
 * lock re-checks its condition against the row as committed, PostgreSQL 17 docs 13.2.1) and inserts
 * the batch only if the head moved, all in one implicit transaction, so the chain order is still
 * the order of the head's row lock. If a writing transaction appended meanwhile (the head is
 * elsewhere), nothing is written; the leader reads the head again and retries, and after a few
 * misses appends the locking way ({@link AuditAppender}). Against the locking append this saves
 * three round trips per batch (lock, head update, commit), which the database pays per statement
 * and which small batches (a few concurrent reads) cannot spread.
 *
 * <p>Durability comes from the connection: the leader's own, with {@code synchronous_commit} on for
 * its session, so the statement's commit waits for the WAL flush before the result comes back.
 */
final class LeaderAppend {

  /** The chain head as this leader left it. */
  record Head(String chainId, long seq, byte[] mac) {}

  private static final String SQL =
      "with moved as (update audit_head set seq = ?, mac = ? where id = 1 and seq = ?"
          + " returning 1),"
          + " ins as (insert into audit_event (seq, recorded, agent, subtype, address, session,"
          + " outcome, action, emergency, detail, query, break_glass, entities, patients, mac)"
          + " select s, r::timestamptz, ag, st, ad, se, o::smallint, a::\"char\", em, de, q, bg, en,"
          + " p::text[], m from unnest(?::bigint[], ?::text[], ?::int[], ?::int[], ?::int[],"
          + " ?::int[], ?::int[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::bytea[]) as u(s, r, ag, st, ad, se, o, a, em, de, q, bg, en,"
          + " p, m) where exists (select 1 from moved))"
          + " select count(*) from moved";

  /**
   * Batches up to this size use one multi-row statement per size ({@link #appendRows}); larger
   * ones, whose fixed cost is spread over many records, the array statement above. Measured with
   * {@code LeaderStatementProbe} (docs/benchmarks.md, "Audit log", 2026-11-27 07:26-08:55): the
   * multi-row statement saved PostgreSQL about 30-40 µs per batch of 1 to 8 records, and took
   * longer from call to result than the arrays at 16 and 32 (binding 240 or 480 parameters).
   */
  static final int VALUES_MAX = 8;

  private final AuditKeys keys;
  private final Terms terms;

  /** The multi-row statement per batch size, built on first use; leader only (one at a time). */
  private final @Nullable String[] valuesSql = new String[VALUES_MAX + 1];

  /**
   * The keyed chain HMAC, made once: one leader at a time uses this object (the lead passes through
   * the writer's lock, which orders the uses), and {@code doFinal} resets the Mac for the next
   * record, so a {@code Mac.getInstance} and key schedule per batch are not needed.
   */
  private final Mac chainMac;

  /** The canonical encoder and its buffer, reused by the same one leader at a time. */
  private final Canonical canonical = new Canonical();

  /** Largest batch written as one multi-row statement; larger ones go through the arrays. */
  private final int valuesMax;

  LeaderAppend(AuditKeys keys, Terms terms) {
    this(keys, terms, VALUES_MAX);
  }

  /** With another multi-row bound ({@code 0}: arrays always), for the statement probe. */
  LeaderAppend(AuditKeys keys, Terms terms, int valuesMax) {
    this.valuesMax = Math.min(valuesMax, VALUES_MAX);
    this.keys = keys;
    this.terms = terms;
    this.chainMac = keys.chainMac();
  }

  /** The head as committed now (no lock: a later append checks it is still there). */
  Head readHead(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select chain_id::text, seq, mac from audit_head where id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit chain head missing");
      }
      String chainId = rs.getString(1);
      byte[] mac = rs.getBytes(3);
      return new Head(chainId, rs.getLong(2), mac != null ? mac : keys.genesis(chainId));
    }
  }

  /**
   * Appends {@code records} after {@code head} on {@code c} (autocommit on) and returns the new
   * head, or null when the head had moved (nothing written). New dictionary terms are committed on
   * their own first (as they always are: an id handed out stays resolvable).
   */
  @Nullable Head append(Connection c, List<AuditRecord> records, Head head) throws SQLException {
    List<EventRow> prepared = AuditAppender.prepareAll(records);
    Map<String, Integer> fresh = new HashMap<>();
    Map<String, Integer> ids = terms.resolve(c, AuditAppender.termsOf(prepared), fresh);
    terms.remember(fresh);

    int n = prepared.size();
    EventRow[] rows = new EventRow[n];
    byte[][] macs = new byte[n][];
    Mac mac = chainMac;
    // a previous batch that failed between update and doFinal must not leave bytes behind
    mac.reset();
    long seq = head.seq();
    byte[] prev = head.mac();
    for (int i = 0; i < n; i++) {
      seq++;
      rows[i] = prepared.get(i).at(seq);
      prev = canonical.link(mac, prev, rows[i]);
      macs[i] = prev;
    }
    boolean moved =
        n <= valuesMax
            ? appendRows(c, head.seq(), rows, macs, ids)
            : appendArrays(c, head.seq(), rows, macs, ids);
    return moved ? new Head(head.chainId(), seq, prev) : null;
  }

  /**
   * A batch of up to {@link #VALUES_MAX} records as a multi-row {@code values} with one typed
   * parameter per column and row, one statement text per batch size (the driver keeps each prepared
   * on the server once used a few times, PgJDBC's {@code prepareThreshold}). It avoids the array
   * parameters' text parsing ({@code array_in}) and the {@code unnest} scan, which were most of the
   * fixed cost of a small batch (docs/benchmarks.md, "Audit log"). The insert's row count says
   * whether the head moved: every record is a row, so none means it had not.
   */
  private boolean appendRows(
      Connection c, long expectedSeq, EventRow[] rows, byte[][] macs, Map<String, Integer> ids)
      throws SQLException {
    int n = rows.length;
    try (PreparedStatement ps = c.prepareStatement(valuesSql(n))) {
      ps.setLong(1, rows[n - 1].seq());
      ps.setBytes(2, macs[n - 1]);
      ps.setLong(3, expectedSeq);
      int p = 4;
      for (int i = 0; i < n; i++) {
        EventRow row = rows[i];
        ps.setLong(p++, row.seq());
        ps.setString(p++, row.recorded().toString());
        ps.setInt(p++, AuditAppender.id(ids, row.agent()));
        ps.setInt(p++, AuditAppender.id(ids, row.subtype()));
        ps.setObject(p++, optionalId(ids, row.address()), Types.INTEGER);
        ps.setObject(p++, optionalId(ids, row.session()), Types.INTEGER);
        ps.setShort(p++, (short) row.outcome());
        ps.setString(p++, String.valueOf(row.action()));
        ps.setBoolean(p++, row.emergency());
        ps.setString(p++, row.detail());
        ps.setString(p++, row.query());
        ps.setString(p++, row.breakGlass());
        ps.setString(p++, entities(row));
        ps.setString(p++, patients(row));
        ps.setBytes(p++, macs[i]);
      }
      return ps.executeUpdate() == n;
    }
  }

  /** A larger batch: one array parameter per column, rows from {@code unnest} ({@link #SQL}). */
  private static boolean appendArrays(
      Connection c, long expectedSeq, EventRow[] rows, byte[][] macs, Map<String, Integer> ids)
      throws SQLException {
    int n = rows.length;
    Long[] seqs = new Long[n];
    String[] recorded = new String[n];
    Integer[] agents = new Integer[n];
    Integer[] subtypes = new Integer[n];
    Integer[] addresses = new Integer[n];
    Integer[] sessions = new Integer[n];
    Integer[] outcomes = new Integer[n];
    String[] actions = new String[n];
    Boolean[] emergency = new Boolean[n];
    String[] details = new String[n];
    String[] queries = new String[n];
    String[] breakGlass = new String[n];
    String[] entities = new String[n];
    String[] patients = new String[n];
    for (int i = 0; i < n; i++) {
      EventRow row = rows[i];
      seqs[i] = row.seq();
      recorded[i] = row.recorded().toString();
      agents[i] = AuditAppender.id(ids, row.agent());
      subtypes[i] = AuditAppender.id(ids, row.subtype());
      addresses[i] = optionalId(ids, row.address());
      sessions[i] = optionalId(ids, row.session());
      outcomes[i] = row.outcome();
      actions[i] = String.valueOf(row.action());
      emergency[i] = row.emergency();
      details[i] = row.detail();
      queries[i] = row.query();
      breakGlass[i] = row.breakGlass();
      entities[i] = entities(row);
      patients[i] = patients(row);
    }
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setLong(1, rows[n - 1].seq());
      ps.setBytes(2, macs[n - 1]);
      ps.setLong(3, expectedSeq);
      ps.setArray(4, c.createArrayOf("int8", seqs));
      ps.setArray(5, c.createArrayOf("text", recorded));
      ps.setArray(6, c.createArrayOf("int4", agents));
      ps.setArray(7, c.createArrayOf("int4", subtypes));
      ps.setArray(8, c.createArrayOf("int4", addresses));
      ps.setArray(9, c.createArrayOf("int4", sessions));
      ps.setArray(10, c.createArrayOf("int4", outcomes));
      ps.setArray(11, c.createArrayOf("text", actions));
      ps.setArray(12, c.createArrayOf("bool", emergency));
      ps.setArray(13, c.createArrayOf("text", details));
      ps.setArray(14, c.createArrayOf("text", queries));
      ps.setArray(15, c.createArrayOf("text", breakGlass));
      ps.setArray(16, c.createArrayOf("text", entities));
      ps.setArray(17, c.createArrayOf("text", patients));
      ps.setArray(18, c.createArrayOf("bytea", macs));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 1;
      }
    }
  }

  private static @Nullable Integer optionalId(Map<String, Integer> ids, @Nullable String term) {
    return term == null ? null : AuditAppender.id(ids, term);
  }

  private static @Nullable String entities(EventRow row) {
    return row.entities().isEmpty() ? null : String.join(" ", row.entities());
  }

  private static @Nullable String patients(EventRow row) {
    return row.patients().isEmpty() ? null : arrayLiteral(row.patients());
  }

  /** The multi-row statement for {@code n} records, built once per size. */
  private String valuesSql(int n) {
    String sql = valuesSql[n];
    if (sql == null) {
      StringBuilder b =
          new StringBuilder(
              "with moved as (update audit_head set seq = ?, mac = ? where id = 1 and seq = ?"
                  + " returning 1) insert into audit_event (seq, recorded, agent, subtype,"
                  + " address, session, outcome, action, emergency, detail, query, break_glass,"
                  + " entities, patients, mac) select * from (values ");
      for (int i = 0; i < n; i++) {
        b.append(i == 0 ? "" : ", ")
            .append("(?::bigint, ?::timestamptz, ?::int, ?::int, ?::int, ?::int, ?::smallint,")
            .append(" ?::\"char\", ?::boolean, ?::text, ?::text, ?::text, ?::text, ?::text[],")
            .append(" ?::bytea)");
      }
      sql = b.append(") as v where exists (select 1 from moved)").toString();
      valuesSql[n] = sql;
    }
    return sql;
  }

  /**
   * A text[] in PostgreSQL's array input syntax (PostgreSQL 17 docs 8.15.2, "Array Value Input"):
   * every element double-quoted, with backslash before a double quote or backslash, so that any
   * string reads back as itself.
   */
  static String arrayLiteral(List<String> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"');
      String v = values.get(i);
      for (int k = 0; k < v.length(); k++) {
        char ch = v.charAt(k);
        if (ch == '"' || ch == '\\') {
          b.append('\\');
        }
        b.append(ch);
      }
      b.append('"');
    }
    return b.append('}').toString();
  }
}
