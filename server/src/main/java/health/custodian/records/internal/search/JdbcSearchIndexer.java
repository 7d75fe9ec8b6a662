package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.storage.BinaryCopyRows;
import health.custodian.records.internal.storage.CopyRows;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes index rows: per call one delete per table for the given resources, then one batch insert
 * per table (the JDBC url rewrites batches into multi-row inserts).
 */
@Component
class JdbcSearchIndexer implements SearchIndexer {

  private static final List<String> TABLES =
      List.of("sp_token", "sp_string", "sp_reference", "sp_date", "sp_uri", "sp_quantity");

  private final JdbcTemplate jdbc;
  private final IndexExtractor extractor;
  private final SearchParamIds ids;
  private final FullTextIndex fullText;
  private final CompositeIndex composites;
  private final SearchIndexSettings settings;

  JdbcSearchIndexer(
      JdbcTemplate jdbc,
      IndexExtractor extractor,
      SearchParamIds ids,
      SearchIndexSettings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
    this.extractor = extractor;
    this.ids = ids;
    this.fullText = new FullTextIndex(jdbc);
    this.composites = new CompositeIndex(jdbc, extractor.registry(), ids);
  }

  @Override
  public void index(List<IndexedResource> resources) {
    if (!resources.isEmpty()) {
      write(prepare(resources));
    }
  }

  /** The rows of one batch of resources, per table. */
  private record Rows(
      List<Long> pks,
      List<Object[]> tokens,
      List<Object[]> strings,
      List<Object[]> refs,
      List<Object[]> dates,
      List<Object[]> uris,
      List<Object[]> quantities,
      List<Object[]> fullText,
      List<Object[]> composites)
      implements Prepared {}

  @Override
  public Prepared prepare(List<IndexedResource> resources) {
    return prepare(resources, new StepTimes());
  }

  @Override
  public Prepared prepare(List<IndexedResource> resources, StepTimes times) {
    List<Object[]> tokens = new ArrayList<>();
    List<Object[]> strings = new ArrayList<>();
    List<Object[]> refs = new ArrayList<>();
    List<Object[]> dates = new ArrayList<>();
    List<Object[]> uris = new ArrayList<>();
    List<Object[]> quantities = new ArrayList<>();
    List<Long> pks = new ArrayList<>(resources.size());
    Rows rows =
        new Rows(
            pks,
            tokens,
            strings,
            refs,
            dates,
            uris,
            quantities,
            settings.fullTextIndex()
                ? times.time("prepare.fulltext", () -> fullText.rows(resources))
                : List.of(),
            settings.compositeIndex()
                ? times.time("prepare.composite", () -> composites.rows(resources))
                : List.of());
    times.time(
        "prepare.values",
        () -> {
          for (IndexedResource r : resources) {
            pks.add(r.pk());
            add(rows, r.pk(), extractor.extract(r.resourceType(), r.resource()), false);
            addContained(rows, r.pk(), r.resource());
          }
        });
    return rows;
  }

  /**
   * The rows of the resources contained in a container (R4 search 3.1.1.5.9), keyed by the
   * container under the contained variants of the parameters, plus one marker token per contained
   * resource (its id as code). Composite and full-text rows are not written for them.
   */
  private void addContained(Rows rows, long pk, ObjectNode container) {
    JsonNode contained = container.get("contained");
    if (contained == null || !contained.isArray()) {
      return;
    }
    for (JsonNode c : contained) {
      JsonNode type = c.get("resourceType");
      if (!(c instanceof ObjectNode node) || type == null || !type.isTextual()) {
        continue;
      }
      Integer marker = ids.containedMarker(type.asText());
      if (marker == null) {
        continue;
      }
      JsonNode id = c.get("id");
      rows.tokens()
          .add(new Object[] {pk, marker, null, id == null ? "" : id.asText(), null, null, null});
      add(rows, pk, extractor.extract(type.asText(), node), true);
    }
  }

  private int id(SearchParam param, boolean contained) {
    return contained ? ids.containedId(param) : ids.id(param);
  }

  private void add(Rows rows, long pk, IndexValues v, boolean contained) {
    for (IndexValues.Token t : v.tokens()) {
      rows.tokens()
          .add(
              new Object[] {
                pk,
                id(t.param(), contained),
                t.system(),
                t.code(),
                t.text(),
                t.typeSystem(),
                t.typeCode()
              });
    }
    for (IndexValues.Str s : v.strings()) {
      rows.strings().add(new Object[] {pk, id(s.param(), contained), s.normalized(), s.exact()});
    }
    for (IndexValues.Ref f : v.references()) {
      rows.refs().add(new Object[] {pk, id(f.param(), contained), f.targetType(), f.targetId()});
    }
    for (IndexValues.Uri u : v.uris()) {
      rows.uris().add(new Object[] {pk, id(u.param(), contained), u.value()});
    }
    for (IndexValues.Quantity q : v.quantities()) {
      Ucum.Canonical canon = Ucum.canonical(q.value(), q.system(), q.code());
      rows.quantities()
          .add(
              new Object[] {
                pk,
                id(q.param(), contained),
                q.value(),
                q.system(),
                q.code(),
                q.unit(),
                canon == null ? null : canon.value(),
                canon == null ? null : canon.unit()
              });
    }
    for (IndexValues.Date d : v.dates()) {
      rows.dates().add(new Object[] {pk, id(d.param(), contained), d.low(), d.high()});
    }
  }

  @Override
  public void write(Prepared prepared) {
    Rows rows = (Rows) prepared;
    if (rows.pks().isEmpty()) {
      return;
    }
    remove(rows.pks());
    insert(
        "insert into sp_token (res_pk, param_id, system, code, text, type_system, type_code)"
            + " values (?, ?, ?, ?, ?, ?, ?)",
        rows.tokens());
    insert(
        "insert into sp_string (res_pk, param_id, value_norm, value_exact) values (?, ?, ?, ?)",
        rows.strings());
    insert(
        "insert into sp_reference (res_pk, param_id, target_type, target_id) values (?, ?, ?, ?)",
        rows.refs());
    insert("insert into sp_uri (res_pk, param_id, uri) values (?, ?, ?)", rows.uris());
    insert(
        "insert into sp_quantity (res_pk, param_id, value, system, code, unit, canon_value,"
            + " canon_unit) values (?, ?, ?, ?, ?, ?, ?::numeric, ?)",
        rows.quantities());
    insertDates(rows.dates());
    fullText.insert(rows.fullText());
    composites.insert(rows.composites());
  }

  @Override
  public void copy(Prepared prepared) {
    copy(prepared, new StepTimes());
  }

  @Override
  public void copy(Prepared prepared, StepTimes times) {
    Rows rows = (Rows) prepared;
    if (rows.pks().isEmpty()) {
      return;
    }
    times.time("write.remove", () -> remove(rows.pks()));
    times.time(
        "copy.sp_token",
        () ->
            copyBinary(
                "sp_token (res_pk, param_id, system, code, text, type_system, type_code)",
                rows.tokens()));
    times.time(
        "copy.sp_string",
        () -> copyBinary("sp_string (res_pk, param_id, value_norm, value_exact)", rows.strings()));
    times.time(
        "copy.sp_reference",
        () -> copyBinary("sp_reference (res_pk, param_id, target_type, target_id)", rows.refs()));
    times.time("copy.sp_uri", () -> copyBinary("sp_uri (res_pk, param_id, uri)", rows.uris()));
    times.time(
        "copy.sp_quantity",
        () ->
            copy(
                "sp_quantity (res_pk, param_id, value, system, code, unit, canon_value,"
                    + " canon_unit)",
                rows.quantities()));
    times.time("copy.sp_date", () -> copyDates(rows.dates()));
    times.time("insert.sp_fulltext", () -> fullText.insert(rows.fullText()));
    times.time("copy.sp_composite", () -> composites.copy(rows.composites()));
  }

  private void copyDates(List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    if (rows.stream().allMatch(JdbcSearchIndexer::microseconds)) {
      // Open bounds are PostgreSQL's -infinity / infinity, as in insertDates.
      BinaryCopyRows.copy(
          jdbc,
          "sp_date (res_pk, param_id, low, high)",
          out -> {
            for (Object[] row : rows) {
              out.row(4).add((long) (Long) row[0]).add((int) (Integer) row[1]);
              if (row[2] == null) {
                out.addInfinity(false);
              } else {
                out.add((Instant) row[2]);
              }
              if (row[3] == null) {
                out.addInfinity(true);
              } else {
                out.add((Instant) row[3]);
              }
            }
          });
      return;
    }
    CopyRows dates = new CopyRows();
    for (Object[] row : rows) {
      // Open bounds are PostgreSQL's -infinity / infinity, as in insertDates.
      dates.add((Long) row[0]).add((Integer) row[1]);
      if (row[2] == null) {
        dates.addRaw("-infinity");
      } else {
        dates.add((Instant) row[2]);
      }
      if (row[3] == null) {
        dates.addRaw("infinity");
      } else {
        dates.add((Instant) row[3]);
      }
      dates.endRow();
    }
    dates.copy(jdbc, "sp_date (res_pk, param_id, low, high)");
  }

  /**
   * Whether both bounds of a date row are whole microseconds, PostgreSQL's resolution: then the
   * binary value is exactly what the server makes of the text one. A bound finer than that (an
   * instant with seven or more fractional digits) is rounded by the server's text input
   * (timestamptz_in), so such chunks keep the text format.
   */
  private static boolean microseconds(Object[] row) {
    return (row[2] == null || ((Instant) row[2]).getNano() % 1000 == 0)
        && (row[3] == null || ((Instant) row[3]).getNano() % 1000 == 0);
  }

  /**
   * Rows of Long, Integer, String or null values (bigint, integer and text columns), by binary
   * {@code COPY}: the server takes each value by length instead of scanning the text for delimiters
   * and escapes and parsing numbers.
   */
  private void copyBinary(String target, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    BinaryCopyRows.copy(
        jdbc,
        target,
        out -> {
          for (Object[] row : rows) {
            out.row(row.length);
            for (Object value : row) {
              if (value == null) {
                out.add((String) null);
              } else if (value instanceof Long l) {
                out.add((long) l);
              } else if (value instanceof Integer i) {
                out.add((int) i);
              } else {
                out.add(value.toString());
              }
            }
          }
        });
  }

  /** Rows of Long, Integer, String, BigDecimal or null values, by {@code COPY}. */
  static void copy(JdbcTemplate jdbc, String target, List<Object[]> rows) {
    CopyRows out = new CopyRows();
    for (Object[] row : rows) {
      for (Object value : row) {
        out.addValue(value);
      }
      out.endRow();
    }
    out.copy(jdbc, target);
  }

  private void copy(String target, List<Object[]> rows) {
    copy(jdbc, target, rows);
  }

  @Override
  public void defer(Collection<Long> pks) {
    if (!pks.isEmpty()) {
      jdbc.update(
          "insert into search_index_pending (res_pk) select unnest(?::bigint[])"
              + " on conflict do nothing",
          (Object) pks.toArray(Long[]::new));
    }
  }

  @Override
  public void remove(Collection<Long> pks) {
    if (pks.isEmpty()) {
      return;
    }
    Long[] array = pks.toArray(Long[]::new);
    for (String table : TABLES) {
      jdbc.update("delete from " + table + " where res_pk = any(?)", (Object) array);
    }
    fullText.remove(pks);
    composites.remove(pks);
  }

  private void insert(String sql, List<Object[]> rows) {
    if (!rows.isEmpty()) {
      jdbc.batchUpdate(
          sql,
          rows,
          rows.size(),
          (ps, row) -> {
            for (int i = 0; i < row.length; i++) {
              setNullable(ps, i + 1, row[i]);
            }
          });
    }
  }

  private void insertDates(List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    // Open bounds are PostgreSQL's -infinity / infinity, which compare below / above every time.
    jdbc.batchUpdate(
        "insert into sp_date (res_pk, param_id, low, high)"
            + " values (?, ?, coalesce(?, '-infinity'::timestamptz), coalesce(?, 'infinity'::timestamptz))",
        rows,
        rows.size(),
        (ps, row) -> {
          ps.setLong(1, (Long) row[0]);
          ps.setInt(2, (Integer) row[1]);
          setInstant(ps, 3, (Instant) row[2]);
          setInstant(ps, 4, (Instant) row[3]);
        });
  }

  static void setInstant(PreparedStatement ps, int index, @Nullable Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  private static void setNullable(PreparedStatement ps, int index, @Nullable Object value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else if (value instanceof Long l) {
      ps.setLong(index, l);
    } else if (value instanceof BigDecimal d) {
      ps.setBigDecimal(index, d);
    } else if (value instanceof Integer i) {
      ps.setInt(index, i);
    } else {
      ps.setString(index, value.toString());
    }
  }
}
