package health.custodian.audit.internal.store;

import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.audit.internal.chain.AuditKeys;
import health.custodian.audit.internal.chain.Canonical;
import health.custodian.audit.internal.chain.EventRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Appends records to the chain on a connection inside a transaction: resolves dictionary terms,
 * takes the chain-head row lock (this is what orders the chain under concurrent appenders), links
 * each record to the previous mac, inserts them in one batch and moves the head. The lock is held
 * until the surrounding transaction ends, which is why callers append as late as they can.
 */
final class AuditAppender {

  private final AuditKeys keys;
  private final Terms terms;

  AuditAppender(AuditKeys keys, Terms terms) {
    this.keys = keys;
    this.terms = terms;
  }

  /**
   * Appends {@code records}; returns the terms it inserted, to cache once committed. {@code
   * durable}: the transaction's commit waits for the WAL flush whatever the server's default.
   */
  Map<String, Integer> append(Connection c, List<AuditRecord> records, boolean durable)
      throws SQLException {
    List<EventRow> prepared = prepareAll(records);
    Map<String, Integer> fresh = new HashMap<>();
    Map<String, Integer> ids = terms.resolve(c, termsOf(prepared), fresh);

    String chainId;
    long seq;
    byte[] prev;
    // set_config(..., true) is "set local", taken in the same round trip as the chain-head lock
    try (PreparedStatement ps =
            c.prepareStatement(
                "select chain_id::text, seq, mac"
                    + (durable ? ", set_config('synchronous_commit', 'on', true)" : "")
                    + " from audit_head where id = 1 for update");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit chain head missing");
      }
      chainId = rs.getString(1);
      seq = rs.getLong(2);
      byte[] mac = rs.getBytes(3);
      prev = mac != null ? mac : keys.genesis(chainId);
    }
    Mac mac = keys.chainMac();
    Canonical canonical = new Canonical();
    try (PreparedStatement ins =
        c.prepareStatement(
            "insert into audit_event (seq, recorded, agent, subtype, address, session, outcome,"
                + " action, emergency, detail, query, break_glass, entities, patients, mac)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?::\"char\", ?, ?, ?, ?, ?, ?, ?)")) {
      for (EventRow p : prepared) {
        seq++;
        EventRow row = p.at(seq);
        prev = canonical.link(mac, prev, row);
        ins.setLong(1, seq);
        ins.setObject(2, OffsetDateTime.ofInstant(row.recorded(), ZoneOffset.UTC));
        ins.setInt(3, id(ids, row.agent()));
        ins.setInt(4, id(ids, row.subtype()));
        setTerm(ins, 5, row.address(), ids);
        setTerm(ins, 6, row.session(), ids);
        ins.setShort(7, (short) row.outcome());
        ins.setString(8, String.valueOf(row.action()));
        ins.setBoolean(9, row.emergency());
        ins.setString(10, row.detail());
        ins.setString(11, row.query());
        ins.setString(12, row.breakGlass());
        ins.setString(13, row.entities().isEmpty() ? null : String.join(" ", row.entities()));
        if (row.patients().isEmpty()) {
          ins.setNull(14, Types.ARRAY);
        } else {
          ins.setArray(14, c.createArrayOf("text", row.patients().toArray()));
        }
        ins.setBytes(15, prev);
        ins.addBatch();
      }
      ins.executeBatch();
    }
    try (PreparedStatement up =
        c.prepareStatement("update audit_head set seq = ?, mac = ? where id = 1")) {
      up.setLong(1, seq);
      up.setBytes(2, prev);
      up.executeUpdate();
    }
    return fresh;
  }

  /** The stored forms of {@code records}, in their order (chain positions still 0). */
  static List<EventRow> prepareAll(List<AuditRecord> records) {
    List<EventRow> prepared = new ArrayList<>(records.size());
    for (AuditRecord r : records) {
      prepared.add(prepare(r));
    }
    return prepared;
  }

  /** The dictionary terms {@code rows} refer to. */
  static Set<String> termsOf(List<EventRow> rows) {
    Set<String> needed = new LinkedHashSet<>();
    for (EventRow p : rows) {
      needed.add(p.agent());
      needed.add(p.subtype());
      if (p.address() != null) {
        needed.add(p.address());
      }
      if (p.session() != null) {
        needed.add(p.session());
      }
    }
    return needed;
  }

  private static void setTerm(
      PreparedStatement ps, int index, @Nullable String term, Map<String, Integer> ids)
      throws SQLException {
    if (term == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, id(ids, term));
    }
  }

  static int id(Map<String, Integer> ids, String term) {
    Integer id = ids.get(term);
    if (id == null) {
      throw new IllegalStateException("audit term not resolved");
    }
    return id;
  }

  /**
   * The stored form of a record (chain position still 0): what the chain covers and verify reads
   * back.
   */
  static EventRow prepare(AuditRecord r) {
    Instant at = r.recorded();
    long micros =
        Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    List<String> entities = new ArrayList<>();
    for (String e : r.entities()) {
      // stored space-separated; references never hold spaces, but a caller's typo must not
      // make the stored text read back differently from what was chained
      if (!e.isEmpty()) {
        entities.add(e.replace(" ", "%20"));
      }
    }
    String action = r.action();
    return new EventRow(
        0,
        micros,
        agentTerm(r.caller()),
        "s:" + r.subtype(),
        r.caller().address() == null ? null : "a:" + r.caller().address(),
        r.caller().session() == null ? null : "t:" + r.caller().session(),
        Integer.parseInt(r.outcome().code()),
        action.isEmpty() ? 'E' : action.charAt(0),
        r.emergency(),
        r.detail(),
        r.query(),
        r.breakGlassId(),
        entities,
        List.copyOf(new TreeSet<>(r.patients())));
  }

  /** The agent's dictionary term: a kind letter and the caller's id. */
  static String agentTerm(Caller caller) {
    return caller.kind().name().charAt(0) + ":" + caller.id();
  }
}
