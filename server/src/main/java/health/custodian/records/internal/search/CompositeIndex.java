package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.internal.search.SearchParameterRegistry.CompositeComponent;
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

/**
 * The {@code sp_composite} rows of composite parameters (R4 search 3.1.1.4.14): each element the
 * composite's expression selects gets a position, and each component's values are extracted
 * relative to that element with the same rules as the component's own parameter type.
 *
 * <p>Why a table of tuples rather than an element ordinal on the per-type tables: the component
 * expressions are relative to the composite's element and may differ from any standalone
 * parameter's expression, and the ordinary index rows stay narrow for the common searches.
 */
final class CompositeIndex {

  private static final int COLUMNS = 20;

  private final JdbcTemplate jdbc;
  private final SearchParameterRegistry registry;
  private final SearchParamIds ids;

  CompositeIndex(JdbcTemplate jdbc, SearchParameterRegistry registry, SearchParamIds ids) {
    this.jdbc = jdbc;
    this.registry = registry;
    this.ids = ids;
  }

  /** Inserts the rows of these resources; the caller has removed the old ones. */
  void index(List<SearchIndexer.IndexedResource> resources) {
    insert(rows(resources));
  }

  /** The rows of these resources, computed without the database (bulk loads do it apart). */
  List<Object[]> rows(List<SearchIndexer.IndexedResource> resources) {
    List<Object[]> rows = new ArrayList<>();
    for (SearchIndexer.IndexedResource r : resources) {
      List<FhirPathItem> root = List.of(new FhirPathItem(r.resource(), r.resourceType()));
      for (SearchParam param : registry.indexed(r.resourceType())) {
        FhirPathExpr expr = param.expression();
        if (param.type() != SearchParam.Type.COMPOSITE || expr == null) {
          continue;
        }
        List<CompositeComponent> components = registry.components(param);
        int pos = 0;
        for (FhirPathItem element : expr.eval(root)) {
          List<IndexValues> tuple = new ArrayList<>(components.size());
          for (CompositeComponent c : components) {
            IndexValues values = new IndexValues();
            for (FhirPathItem item : c.expression().eval(List.of(element))) {
              extract(values, c.definition(), item.node());
            }
            if (!isEmpty(values)) {
              tuple.add(values);
            }
          }
          // Only complete tuples: an element without a value for some component has no value
          // for the composite (and so counts as missing).
          if (tuple.size() == components.size()) {
            for (int comp = 0; comp < tuple.size(); comp++) {
              addRows(rows, r.pk(), ids.id(param), pos, comp, tuple.get(comp));
            }
            pos++;
          }
        }
      }
    }
    return rows;
  }

  void insert(List<Object[]> rows) {
    if (!rows.isEmpty()) {
      // Casts, because a null is bound as text and PostgreSQL does not convert it implicitly.
      jdbc.batchUpdate(
          "insert into sp_composite (res_pk, param_id, pos, comp, system, code, text, type_system,"
              + " type_code, value, unit, canon_value, canon_unit, low, high, value_norm,"
              + " value_exact, target_type, target_id, uri) values (?, ?, ?, ?, ?, ?, ?, ?, ?,"
              + " ?::numeric, ?, ?::numeric, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?, ?)",
          rows,
          rows.size(),
          (ps, row) -> {
            for (int i = 0; i < row.length; i++) {
              set(ps, i + 1, row[i]);
            }
          });
    }
  }

  /** {@link #insert} with {@code COPY} (bulk loads). */
  void copy(List<Object[]> rows) {
    JdbcSearchIndexer.copy(
        jdbc,
        "sp_composite (res_pk, param_id, pos, comp, system, code, text, type_system, type_code,"
            + " value, unit, canon_value, canon_unit, low, high, value_norm, value_exact,"
            + " target_type, target_id, uri)",
        rows);
  }

  void remove(Collection<Long> pks) {
    jdbc.update(
        "delete from sp_composite where res_pk = any(?)", (Object) pks.toArray(Long[]::new));
  }

  private static void set(PreparedStatement ps, int index, @Nullable Object value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else if (value instanceof String text) {
      ps.setString(index, text);
    } else {
      ps.setObject(index, value);
    }
  }

  private static boolean isEmpty(IndexValues v) {
    return v.tokens().isEmpty()
        && v.strings().isEmpty()
        && v.references().isEmpty()
        && v.dates().isEmpty()
        && v.uris().isEmpty()
        && v.quantities().isEmpty();
  }

  private static void extract(IndexValues out, SearchParam p, JsonNode node) {
    switch (p.type()) {
      case TOKEN -> IndexExtractor.token(out, p, node);
      case STRING -> IndexExtractor.string(out, p, node);
      case REFERENCE -> IndexExtractor.reference(out, p, node);
      case DATE -> IndexExtractor.date(out, p, node);
      case URI -> IndexExtractor.uri(out, p, node);
      case NUMBER, QUANTITY -> IndexExtractor.quantity(out, p, node);
      default -> {
        // Composite components are never composite (the registry checks).
      }
    }
  }

  private static void addRows(
      List<Object[]> rows, long pk, int paramId, int pos, int comp, IndexValues v) {
    for (IndexValues.Token t : v.tokens()) {
      rows.add(
          row(pk, paramId, pos, comp)
              .token(t.system(), t.code(), t.text(), t.typeSystem(), t.typeCode())
              .values);
    }
    for (IndexValues.Quantity q : v.quantities()) {
      Ucum.Canonical canon = Ucum.canonical(q.value(), q.system(), q.code());
      Row row = row(pk, paramId, pos, comp);
      row.values[4] = q.system();
      row.values[5] = q.code();
      row.values[9] = q.value();
      row.values[10] = q.unit();
      if (canon != null) {
        row.values[11] = canon.value();
        row.values[12] = canon.unit();
      }
      rows.add(row.values);
    }
    for (IndexValues.Date d : v.dates()) {
      Row row = row(pk, paramId, pos, comp);
      row.values[13] = time(d.low(), "-infinity");
      row.values[14] = time(d.high(), "infinity");
      rows.add(row.values);
    }
    for (IndexValues.Str s : v.strings()) {
      Row row = row(pk, paramId, pos, comp);
      row.values[15] = s.normalized();
      row.values[16] = s.exact();
      rows.add(row.values);
    }
    for (IndexValues.Ref f : v.references()) {
      Row row = row(pk, paramId, pos, comp);
      row.values[17] = f.targetType();
      row.values[18] = f.targetId();
      rows.add(row.values);
    }
    for (IndexValues.Uri u : v.uris()) {
      Row row = row(pk, paramId, pos, comp);
      row.values[19] = u.value();
      rows.add(row.values);
    }
  }

  /** Open bounds as PostgreSQL's infinities, which the driver takes as text. */
  private static Object time(@Nullable Instant instant, String open) {
    return instant == null ? open : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Row row(long pk, int paramId, int pos, int comp) {
    Row row = new Row();
    row.values[0] = pk;
    row.values[1] = paramId;
    row.values[2] = pos;
    row.values[3] = (short) comp;
    return row;
  }

  /** The 20 columns of one row, in insert order. */
  private static final class Row {
    private final @Nullable Object[] values = new Object[COLUMNS];

    Row token(
        @Nullable String system,
        @Nullable String code,
        @Nullable String text,
        @Nullable String typeSystem,
        @Nullable String typeCode) {
      values[4] = system;
      values[5] = code;
      values[6] = text;
      values[7] = typeSystem;
      values[8] = typeCode;
      return this;
    }
  }
}
