package health.custodian.records.internal.storage;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Plain SQL over the {@code resource}, {@code resource_version} and {@code resource_link} tables.
 */
@Repository
class ResourceRepository {

  private static final String VERSION_COLUMNS =
      "v.res_pk, v.res_type, v.res_id, v.version, v.last_updated, v.method, v.body";

  static final RowMapper<StoredVersion> VERSION_MAPPER =
      (rs, i) ->
          new StoredVersion(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getInt(4),
              rs.getTimestamp(5).toInstant(),
              rs.getString(6),
              rs.getString(7));

  private final JdbcTemplate jdbc;

  ResourceRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<StoredVersion> current(String type, String id) {
    return jdbc
        .query(
            "select "
                + VERSION_COLUMNS
                + " from resource r join resource_version v on v.res_pk = r.pk and v.version ="
                + " r.version where r.res_type = ? and r.res_id = ?",
            VERSION_MAPPER,
            type,
            id)
        .stream()
        .findFirst();
  }

  Optional<StoredVersion> version(String type, String id, int version) {
    return jdbc
        .query(
            "select "
                + VERSION_COLUMNS
                + " from resource r join resource_version v on v.res_pk = r.pk"
                + " where r.res_type = ? and r.res_id = ? and v.version = ?",
            VERSION_MAPPER,
            type,
            id,
            version)
        .stream()
        .findFirst();
  }

  /** Current versions of these keys, in the order of {@code pks}; deleted ones are skipped. */
  List<StoredVersion> currentByPks(List<Long> pks) {
    if (pks.isEmpty()) {
      return List.of();
    }
    List<StoredVersion> rows =
        jdbc.query(
            con -> {
              PreparedStatement ps =
                  con.prepareStatement(
                      "select "
                          + VERSION_COLUMNS
                          + " from unnest(?::bigint[]) with ordinality as k(pk, ord)"
                          + " join resource r on r.pk = k.pk"
                          + " join resource_version v on v.res_pk = r.pk and v.version = r.version"
                          + " where not r.deleted order by k.ord");
              ps.setArray(1, con.createArrayOf("bigint", pks.toArray()));
              return ps;
            },
            VERSION_MAPPER);
    return rows;
  }

  /** Locks the current row of a resource for the rest of the transaction. */
  Optional<CurrentRow> lockCurrent(String type, String id) {
    return jdbc
        .query(
            "select pk, version, deleted, last_updated from resource"
                + " where res_type = ? and res_id = ? for update",
            (rs, i) ->
                new CurrentRow(
                    rs.getLong(1), rs.getInt(2), rs.getBoolean(3), rs.getTimestamp(4).toInstant()),
            type,
            id)
        .stream()
        .findFirst();
  }

  /** Locks the current rows of these resources of one type; id to row, absent ones left out. */
  Map<String, CurrentRow> lockCurrentAll(String type, List<String> ids) {
    Map<String, CurrentRow> out = new HashMap<>();
    jdbc.query(
        con -> {
          PreparedStatement ps =
              con.prepareStatement(
                  "select res_id, pk, version, deleted, last_updated from resource"
                      + " where res_type = ? and res_id = any(?) order by pk for update");
          ps.setString(1, type);
          ps.setArray(2, con.createArrayOf("text", ids.toArray()));
          return ps;
        },
        rs -> {
          out.put(
              rs.getString(1),
              new CurrentRow(
                  rs.getLong(2), rs.getInt(3), rs.getBoolean(4), rs.getTimestamp(5).toInstant()));
        });
    return out;
  }

  /** {@link #claimId} for many ids in one statement; id to pk of those claimed. */
  Map<String, Long> claimIds(String type, List<String> ids, Instant lastUpdated) {
    Map<String, Long> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    jdbc.query(
        con -> {
          PreparedStatement ps =
              con.prepareStatement(
                  "insert into resource (pk, res_type, res_id, version, deleted, last_updated)"
                      + " select nextval('resource_pk_seq'), ?, k.id, 1, false, ?"
                      + " from unnest(?::text[]) as k(id)"
                      + " on conflict (res_type, res_id) do nothing returning res_id, pk");
          ps.setString(1, type);
          ps.setTimestamp(2, Timestamp.from(lastUpdated));
          ps.setArray(3, con.createArrayOf("text", ids.toArray()));
          return ps;
        },
        rs -> {
          out.put(rs.getString(1), rs.getLong(2));
        });
    return out;
  }

  /**
   * Claims a client-chosen id by inserting its row now; empty when another transaction holds the id
   * (the caller then locks the existing row instead).
   */
  Optional<Long> claimId(String type, String id, Instant lastUpdated) {
    return jdbc
        .query(
            "insert into resource (pk, res_type, res_id, version, deleted, last_updated)"
                + " values (nextval('resource_pk_seq'), ?, ?, 1, false, ?)"
                + " on conflict (res_type, res_id) do nothing returning pk",
            (rs, i) -> rs.getLong(1),
            type,
            id,
            Timestamp.from(lastUpdated))
        .stream()
        .findFirst();
  }

  void lockCondition(String condition) {
    jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", (rs, i) -> 1, condition);
  }

  long[] nextPks(int count) {
    List<Long> pks =
        jdbc.queryForList(
            "select nextval('resource_pk_seq') from generate_series(1, ?)", Long.class, count);
    return pks.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Writes the versions: new resource rows, moved current pointers, and the version rows.
   *
   * @param copy whether new rows and version rows go in with {@code COPY} (bulk loads)
   */
  void write(List<PendingVersion> versions, boolean copy) {
    List<PendingVersion> inserts = new ArrayList<>();
    List<PendingVersion> updates = new ArrayList<>();
    for (PendingVersion v : versions) {
      if (!v.rowExists()) {
        inserts.add(v);
      } else if (!(v.version() == 1 && v.live())) {
        // A first version whose row exists was claimed in this transaction with exactly these
        // values (version 1, live, this lastUpdated): updating it again would be a wasted
        // statement per resource, which bulk loads of client ids would pay thousands of times.
        updates.add(v);
      }
    }
    if (copy) {
      if (!inserts.isEmpty()) {
        // Binary, as the versions below: the server then parses no text for any of the values.
        BinaryCopyRows.copy(
            jdbc,
            "resource (pk, res_type, res_id, version, deleted, last_updated)",
            rows -> {
              for (PendingVersion v : inserts) {
                rows.row(6)
                    .add(v.pk())
                    .add(v.resourceType())
                    .add(v.id())
                    .add(v.version())
                    .add(!v.live())
                    .add(v.lastUpdated());
              }
            });
      }
    } else if (!inserts.isEmpty()) {
      jdbc.batchUpdate(
          "insert into resource (pk, res_type, res_id, version, deleted, last_updated)"
              + " values (?, ?, ?, ?, ?, ?)",
          inserts,
          inserts.size(),
          (ps, v) -> {
            ps.setLong(1, v.pk());
            ps.setString(2, v.resourceType());
            ps.setString(3, v.id());
            ps.setInt(4, v.version());
            ps.setBoolean(5, !v.live());
            ps.setTimestamp(6, Timestamp.from(v.lastUpdated()));
          });
    }
    if (!updates.isEmpty()) {
      jdbc.batchUpdate(
          "update resource set version = ?, deleted = ?, last_updated = ? where pk = ?",
          updates,
          updates.size(),
          (ps, v) -> {
            ps.setInt(1, v.version());
            ps.setBoolean(2, !v.live());
            ps.setTimestamp(3, Timestamp.from(v.lastUpdated()));
            ps.setLong(4, v.pk());
          });
    }
    if (copy) {
      if (!versions.isEmpty()) {
        // Binary: the bodies are most of the bytes, and the text format makes the server scan
        // each of them for line ends and escapes (BinaryCopyRows).
        BinaryCopyRows.copy(
            jdbc,
            "resource_version (res_pk, version, res_type, res_id, last_updated, method, body)",
            rows -> {
              for (PendingVersion v : versions) {
                rows.row(7)
                    .add(v.pk())
                    .add(v.version())
                    .add(v.resourceType())
                    .add(v.id())
                    .add(v.lastUpdated())
                    .add(v.method());
                SplicedBody spliced = v.spliced();
                if (spliced != null) {
                  rows.add(spliced);
                } else {
                  rows.add(v.body());
                }
              }
            });
      }
      return;
    }
    jdbc.batchUpdate(
        "insert into resource_version (res_pk, version, res_type, res_id, last_updated, method,"
            + " body) values (?, ?, ?, ?, ?, ?, ?)",
        versions,
        versions.size(),
        (ps, v) -> {
          ps.setLong(1, v.pk());
          ps.setInt(2, v.version());
          ps.setString(3, v.resourceType());
          ps.setString(4, v.id());
          ps.setTimestamp(5, Timestamp.from(v.lastUpdated()));
          ps.setString(6, v.method());
          ps.setString(7, v.text());
        });
  }

  /**
   * Replaces the outgoing local references of these resources.
   *
   * @param copy whether the new rows go in with {@code COPY} (bulk loads)
   */
  void replaceLinks(Collection<Long> sourcePks, List<Link> links, boolean copy) {
    if (!sourcePks.isEmpty()) {
      jdbc.update(
          con -> {
            PreparedStatement ps =
                con.prepareStatement("delete from resource_link where src_pk = any(?)");
            ps.setArray(1, con.createArrayOf("bigint", sourcePks.toArray()));
            return ps;
          });
    }
    if (copy) {
      if (!links.isEmpty()) {
        BinaryCopyRows.copy(
            jdbc,
            "resource_link (src_pk, target_type, target_id)",
            rows -> {
              for (Link l : links) {
                String key = l.key();
                rows.row(3)
                    .add(l.sourcePk())
                    .add(key, 0, l.slash())
                    .add(key, l.slash() + 1, key.length());
              }
            });
      }
    } else if (!links.isEmpty()) {
      jdbc.batchUpdate(
          "insert into resource_link (src_pk, target_type, target_id) values (?, ?, ?)",
          links,
          links.size(),
          (ps, l) -> {
            ps.setLong(1, l.sourcePk());
            ps.setString(2, l.targetType());
            ps.setString(3, l.targetId());
          });
    }
  }

  /** Of the given keys, those that do not exist as current, non-deleted resources. */
  Set<String> missing(Collection<String> typeSlashIds) {
    if (typeSlashIds.isEmpty()) {
      return Set.of();
    }
    Set<String> found =
        new HashSet<>(
            jdbc.query(
                con -> {
                  PreparedStatement ps =
                      con.prepareStatement(
                          "select r.res_type || '/' || r.res_id from unnest(?::text[]) as k(ref)"
                              + " join resource r on r.res_type = split_part(k.ref, '/', 1)"
                              + " and r.res_id = split_part(k.ref, '/', 2) where not r.deleted");
                  ps.setArray(1, con.createArrayOf("text", typeSlashIds.toArray()));
                  return ps;
                },
                (rs, i) -> rs.getString(1)));
    Set<String> missing = new HashSet<>(typeSlashIds);
    missing.removeAll(found);
    return missing;
  }

  /** Live resources (other than those in {@code excluding}) that reference the target. */
  List<String> referrers(String type, String id, Collection<Long> excluding, int limit) {
    return jdbc.query(
        con -> {
          PreparedStatement ps =
              con.prepareStatement(
                  "select r.res_type || '/' || r.res_id from resource_link l"
                      + " join resource r on r.pk = l.src_pk"
                      + " where l.target_type = ? and l.target_id = ? and not r.deleted"
                      + " and not (l.src_pk = any(?)) limit ?");
          ps.setString(1, type);
          ps.setString(2, id);
          ps.setArray(3, con.createArrayOf("bigint", excluding.toArray()));
          ps.setInt(4, limit);
          return ps;
        },
        (rs, i) -> rs.getString(1));
  }

  Optional<Long> pkOf(String type, String id) {
    return jdbc
        .query(
            "select pk from resource where res_type = ? and res_id = ?",
            (rs, i) -> rs.getLong(1),
            type,
            id)
        .stream()
        .findFirst();
  }

  /**
   * A local reference from a resource's current version: its target's key ({@code Type/id}, the
   * slash at {@code slash}), kept whole so that a bulk load copies its two columns without a
   * substring each ({@link BinaryCopyRows#add(String, int, int)}).
   */
  record Link(long sourcePk, String key, int slash) {

    Link(long sourcePk, String key) {
      this(sourcePk, key, key.indexOf('/'));
    }

    String targetType() {
      return key.substring(0, slash);
    }

    String targetId() {
      return key.substring(slash + 1);
    }
  }
}
