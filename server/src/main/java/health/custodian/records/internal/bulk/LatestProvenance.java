package health.custodian.records.internal.bulk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code includeAssociatedData=LatestProvenanceResources} (IG v2.0.0, CodeSystem
 * include-associated-data): "the most recent Provenance resources associated with each of the
 * non-provenance resources being returned. Other Provenance resources will not be returned."
 *
 * <p>Associated means naming the resource in {@code Provenance.target} (R4 Provenance: "The
 * Reference(s) that were generated or updated by the activity"), found through the {@code target}
 * search parameter's {@code sp_reference} rows; most recent means the latest {@code
 * Provenance.recorded} (its {@code sp_date} row), then the latest {@code meta.lastUpdated}, then
 * the later key. Only Provenance the kick-off caller may export, inside the export's patients
 * (patient and group level: Provenance is in the Patient compartment through {@code patient} and
 * {@code target}), are candidates: {@link #query} is the Provenance query the export would run (its
 * {@code _typeFilter} included), without {@code _since}, since the Provenance describes resources
 * returned.
 *
 * <p>Called with each type's exported keys in turn, in the export's snapshot; keeps the chosen
 * Provenance keys only (8 bytes each, duplicates merged after each type), never the targets.
 */
final class LatestProvenance {

  private static final int BATCH = 10_000;

  private final JdbcTemplate jdbc;
  private final ExportQuery query;
  private long[] pks = new long[0];

  LatestProvenance(JdbcTemplate jdbc, ExportQuery query) {
    this.jdbc = jdbc;
    this.query = query;
  }

  ExportQuery query() {
    return query;
  }

  /**
   * Adds the latest Provenance of each of these exported resources (of one type, not Provenance).
   */
  void collect(long[] targets) {
    long[] found = new long[targets.length];
    int size = 0;
    for (int from = 0; from < targets.length; from += BATCH) {
      Long[] batch = new Long[Math.min(targets.length, from + BATCH) - from];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = targets[from + i];
      }
      List<Object> args = new ArrayList<>();
      args.add(batch);
      String where = query.where(args);
      // The candidates' conditions and recorded time are computed once per Provenance (a few per
      // patient), not once per (target, Provenance) pair; distinct on (pair.target) then keeps
      // the first row of each target in the order given (PostgreSQL SELECT, "DISTINCT Clause"):
      // its most recent Provenance.
      List<Long> latest =
          jdbc.queryForList(
              "with pair as (select t.pk as target, s.res_pk as prov from resource t"
                  + " join sp_param p on p.res_type = 'Provenance' and p.code = 'target'"
                  + " join sp_reference s on s.param_id = p.id and s.target_id = t.res_id"
                  + " and s.target_type = t.res_type where t.pk = any(?)),"
                  + " candidate as materialized (select r.pk, r.last_updated,"
                  + " (select max(d.low) from sp_date d join sp_param dp on dp.id = d.param_id"
                  + " where d.res_pk = r.pk and dp.res_type = 'Provenance'"
                  + " and dp.code = 'recorded') as recorded"
                  + " from resource r where r.pk in (select prov from pair) and "
                  + where
                  + ") select distinct on (pair.target) c.pk from pair"
                  + " join candidate c on c.pk = pair.prov"
                  + " order by pair.target, c.recorded desc nulls last, c.last_updated desc,"
                  + " c.pk desc",
              Long.class,
              args.toArray());
      for (Long pk : latest) {
        if (size == found.length) {
          found = Arrays.copyOf(found, Math.max(16, size * 2));
        }
        found[size++] = pk;
      }
    }
    long[] merged = Arrays.copyOf(pks, pks.length + size);
    System.arraycopy(found, 0, merged, pks.length, size);
    pks = distinctSorted(merged);
  }

  /** The chosen Provenance keys, ascending, each once. */
  long[] pks() {
    return pks.clone();
  }

  private static long[] distinctSorted(long[] values) {
    Arrays.sort(values);
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (n == 0 || values[i] != values[n - 1]) {
        values[n++] = values[i];
      }
    }
    return Arrays.copyOf(values, n);
  }
}
