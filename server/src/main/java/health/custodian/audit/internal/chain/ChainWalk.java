package health.custodian.audit.internal.chain;

import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Walks the chain from position 1: recomputes every mac, checks positions are contiguous, then
 * compares the end with the chain head and with every signed checkpoint. Reports the first problem
 * only (everything after an edited record fails too).
 */
public final class ChainWalk {

  private static final int FETCH = 20_000;

  /** What the walk found; position and problem are null when intact. */
  public record Result(
      boolean intact,
      long checked,
      @Nullable Long position,
      @Nullable String problem,
      String message) {}

  private final AuditKeys keys;
  private final Checkpoints checkpoints;

  public ChainWalk(AuditKeys keys, Checkpoints checkpoints) {
    this.keys = keys;
    this.checkpoints = checkpoints;
  }

  public Result walk(Connection c) throws SQLException {
    String chainId;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select chain_id::text from audit_head")) {
      if (!rs.next()) {
        return new Result(false, 0, null, "head-missing", "The audit chain head is missing");
      }
      chainId = rs.getString(1);
    }
    // Checkpoints are read before the snapshot begins: a running server only checkpoints
    // committed positions, so every checkpoint read here lies within the snapshot's chain.
    List<Checkpoints.Checkpoint> cps = checkpoints.read(chainId);
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("set transaction isolation level repeatable read, read only");
      long headSeq;
      byte @Nullable [] headMac;
      try (ResultSet rs = s.executeQuery("select seq, mac from audit_head")) {
        if (!rs.next()) {
          return new Result(false, 0, null, "head-missing", "The audit chain head is missing");
        }
        headSeq = rs.getLong(1);
        headMac = rs.getBytes(2);
      }
      Map<Long, byte[]> wanted = new HashMap<>();
      for (Checkpoints.Checkpoint cp : cps) {
        wanted.put(cp.seq(), new byte[0]);
      }
      Map<Integer, String> terms = terms(c);
      Mac mac = keys.chainMac();
      Canonical canonical = new Canonical();
      byte[] prev = keys.genesis(chainId);
      long expected = 1;
      try (PreparedStatement ps =
          c.prepareStatement(
              "select seq, (extract(epoch from recorded) * 1000000)::bigint, agent, subtype,"
                  + " address, session, outcome, action, emergency, detail, query, break_glass,"
                  + " entities, patients, mac from audit_event order by seq")) {
        ps.setFetchSize(FETCH);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long seq = rs.getLong(1);
            if (seq != expected) {
              return new Result(
                  false,
                  expected - 1,
                  expected,
                  "deleted",
                  "Record at position "
                      + expected
                      + (seq == expected + 1 ? "" : " to " + (seq - 1))
                      + " (AuditEvent/"
                      + expected
                      + ") is missing: deleted");
            }
            EventRow row = row(rs, seq, terms);
            byte[] link = canonical.link(mac, prev, row);
            if (!MessageDigest.isEqual(link, rs.getBytes(15))) {
              return new Result(
                  false,
                  expected - 1,
                  seq,
                  "edited",
                  "Record at position "
                      + seq
                      + " (AuditEvent/"
                      + seq
                      + ") does not match its chain mac: edited, replaced or moved");
            }
            if (wanted.containsKey(seq)) {
              wanted.put(seq, link);
            }
            prev = link;
            expected++;
          }
        }
      }
      long count = expected - 1;
      c.commit();
      return ends(count, prev, headSeq, headMac, cps, wanted, chainId);
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
  }

  private Result ends(
      long count,
      byte[] last,
      long headSeq,
      byte @Nullable [] headMac,
      List<Checkpoints.Checkpoint> cps,
      Map<Long, byte[]> macs,
      String chainId) {
    HexFormat hex = HexFormat.of();
    long checkpointed = 0;
    for (int i = 0; i < cps.size(); i++) {
      Checkpoints.Checkpoint cp = cps.get(i);
      if (!cp.valid()) {
        return new Result(
            false,
            count,
            null,
            "checkpoint-invalid",
            "Checkpoint line " + (i + 1) + " of chain " + chainId + " has a bad signature");
      }
      checkpointed = Math.max(checkpointed, cp.seq());
    }
    long known = Math.max(headSeq, checkpointed);
    if (known > count) {
      return new Result(
          false,
          count,
          count + 1,
          "truncated",
          "Records from position "
              + (count + 1)
              + " (AuditEvent/"
              + (count + 1)
              + ") to "
              + known
              + " are missing: the log was truncated (chain has "
              + count
              + ", "
              + (headSeq >= checkpointed ? "its head" : "a signed checkpoint")
              + " says "
              + known
              + ")");
    }
    for (Checkpoints.Checkpoint cp : cps) {
      byte[] mac = macs.get(cp.seq());
      if (cp.seq() > 0 && (mac == null || !Arrays.equals(mac, hex.parseHex(cp.mac())))) {
        return new Result(
            false,
            count,
            cp.seq(),
            "checkpoint-mismatch",
            "The chain at position "
                + cp.seq()
                + " (AuditEvent/"
                + cp.seq()
                + ") differs from the signed checkpoint of "
                + cp.time());
      }
    }
    if (headSeq != count || (count > 0 && (headMac == null || !Arrays.equals(headMac, last)))) {
      return new Result(
          false,
          count,
          count,
          "head-mismatch",
          "The chain head (position " + headSeq + ") does not match the last record " + count);
    }
    return new Result(
        true,
        count,
        null,
        null,
        "Audit chain intact: "
            + count
            + " records, "
            + cps.size()
            + " checkpoints (latest at position "
            + checkpointed
            + ")");
  }

  private static EventRow row(ResultSet rs, long seq, Map<Integer, String> terms)
      throws SQLException {
    String entities = rs.getString(13);
    Array patients = rs.getArray(14);
    return new EventRow(
        seq,
        rs.getLong(2),
        term(terms, rs.getInt(3)),
        term(terms, rs.getInt(4)),
        optTerm(terms, rs.getInt(5), rs.wasNull()),
        optTerm(terms, rs.getInt(6), rs.wasNull()),
        rs.getInt(7),
        rs.getString(8).charAt(0),
        rs.getBoolean(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        entities == null || entities.isEmpty() ? List.of() : List.of(entities.split(" ")),
        patients == null ? List.of() : List.of((String[]) patients.getArray()));
  }

  private static String term(Map<Integer, String> terms, int id) {
    String t = terms.get(id);
    // a missing term reads as a value no record was ever made with, so its mac fails
    return t == null ? "\u0000missing-term-" + id : t;
  }

  private static @Nullable String optTerm(Map<Integer, String> terms, int id, boolean wasNull) {
    return wasNull ? null : term(terms, id);
  }

  static Map<Integer, String> terms(Connection c) throws SQLException {
    Map<Integer, String> terms = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id, term from audit_term")) {
      while (rs.next()) {
        terms.put(rs.getInt(1), rs.getString(2));
      }
    }
    return terms;
  }
}
