package health.custodian.audit.internal.store;

import health.custodian.access.AuditRecord;
import health.custodian.audit.internal.chain.AuditKeys;
import health.custodian.audit.internal.chain.Canonical;
import health.custodian.audit.internal.chain.EventRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  private final AuditKeys keys;
  private final Terms terms;

  /**
   * The keyed chain HMAC, made once: one leader at a time uses this object (the lead passes through
   * the writer's lock, which orders the uses), and {@code doFinal} resets the Mac for the next
   * record, so a {@code Mac.getInstance} and key schedule per batch are not needed.
   */
  private final Mac chainMac;

  /** The canonical encoder and its buffer, reused by the same one leader at a time. */
  private final Canonical canonical = new Canonical();

  LeaderAppend(AuditKeys keys, Terms terms) {
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
    byte[][] macs = new byte[n][];
    Mac mac = chainMac;
    // a previous batch that failed between update and doFinal must not leave bytes behind
    mac.reset();
    long seq = head.seq();
    byte[] prev = head.mac();
    for (int i = 0; i < n; i++) {
      seq++;
      EventRow row = prepared.get(i).at(seq);
      prev = canonical.link(mac, prev, row);
      seqs[i] = seq;
      recorded[i] = row.recorded().toString();
      agents[i] = AuditAppender.id(ids, row.agent());
      subtypes[i] = AuditAppender.id(ids, row.subtype());
      addresses[i] = row.address() == null ? null : AuditAppender.id(ids, row.address());
      sessions[i] = row.session() == null ? null : AuditAppender.id(ids, row.session());
      outcomes[i] = row.outcome();
      actions[i] = String.valueOf(row.action());
      emergency[i] = row.emergency();
      details[i] = row.detail();
      queries[i] = row.query();
      breakGlass[i] = row.breakGlass();
      entities[i] = row.entities().isEmpty() ? null : String.join(" ", row.entities());
      patients[i] = row.patients().isEmpty() ? null : arrayLiteral(row.patients());
      macs[i] = prev;
    }
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setLong(1, seq);
      ps.setBytes(2, prev);
      ps.setLong(3, head.seq());
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
        return rs.getLong(1) == 1 ? new Head(head.chainId(), seq, prev) : null;
      }
    }
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
