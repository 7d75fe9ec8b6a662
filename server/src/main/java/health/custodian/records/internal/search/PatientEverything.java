package health.custodian.records.internal.search;

import health.custodian.records.internal.search.SearchService.SearchPage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Patient {@code $everything} (R4 patient-operation-everything) and the {@code Patient/x/*}
 * compartment search, as one set-based statement per page: the compartment members (the patient and
 * every resource whose membership parameter references it), optionally the shared resources they
 * reference (Practitioner, Organization, ...), ordered by pk with the same snapshot keyset as type
 * searches, so pages neither repeat nor skip while others write.
 */
@Component
public class PatientEverything {

  /** Resources that are not patient-specific but give the record its context. */
  static final List<String> REFERENCED_TYPES =
      List.of(
          "Practitioner",
          "PractitionerRole",
          "Organization",
          "Location",
          "Medication",
          "Device",
          "Substance");

  private final JdbcTemplate jdbc;
  private final PatientCompartment compartment;

  PatientEverything(JdbcTemplate jdbc, PatientCompartment compartment) {
    this.jdbc = jdbc;
    this.compartment = compartment;
  }

  /**
   * @param types only these types ({@code _type}); empty for all
   * @param since only resources updated at or after ({@code _since}); null for all
   * @param withReferenced add the shared resources the members reference
   */
  public record Query(
      String patientId,
      List<String> types,
      @Nullable Instant since,
      boolean withReferenced,
      int count,
      @Nullable String pageToken) {}

  public SearchPage page(Query q) {
    return page(q, null);
  }

  /** {@link #page(Query)} with the gateway's access condition over {@code resource r} ANDed in. */
  SearchPage page(Query q, @Nullable SqlCondition access) {
    Map<String, List<String>> hashed = new TreeMap<>();
    hashed.put("_type", q.types());
    hashed.put("_since", q.since() == null ? List.of() : List.of(q.since().toString()));
    hashed.put("referenced", List.of(String.valueOf(q.withReferenced())));
    String hash = PageToken.queryHash("Patient/" + q.patientId() + "/$everything", hashed);
    PageToken token = q.pageToken() == null ? null : PageToken.decode(q.pageToken(), hash);
    int count = Math.max(0, q.count());
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "with members as (select p.pk from resource p where p.res_type = 'Patient'"
                + " and p.res_id = ? union select x.res_pk from sp_reference x"
                + " where x.param_id = any(?) and x.target_type = 'Patient' and x.target_id = ?)");
    args.add(q.patientId());
    args.add(compartment.allParamIds());
    args.add(q.patientId());
    String universe = "select pk from members";
    if (q.withReferenced()) {
      sql.append(
          ", linked as (select t.pk from members m join sp_reference x on x.res_pk = m.pk"
              + " join resource t on t.res_type = x.target_type and t.res_id = x.target_id"
              + " where x.target_type = any(?))");
      args.add(REFERENCED_TYPES.toArray(String[]::new));
      universe += " union select pk from linked";
    }
    if (token == null) {
      sql.append(
          " select r.pk, count(*) over () as total,"
              + " (select coalesce(max(pk), 0) from resource) as max_pk");
    } else {
      sql.append(" select r.pk, ?::bigint as total, ?::bigint as max_pk");
      args.add(token.total());
      args.add(token.maxPk());
    }
    sql.append(" from resource r where r.pk in (").append(universe).append(") and not r.deleted");
    if (!q.types().isEmpty()) {
      sql.append(" and r.res_type = any(?)");
      args.add(q.types().toArray(String[]::new));
    }
    if (q.since() != null) {
      sql.append(" and r.last_updated >= ?");
      args.add(OffsetDateTime.ofInstant(q.since(), ZoneOffset.UTC));
    }
    if (access != null) {
      sql.append(" and ").append(access.sql());
      args.addAll(access.args());
    }
    if (token != null) {
      sql.append(" and r.pk > ? and r.pk <= ?");
      args.add(token.lastPk());
      args.add(token.maxPk());
    }
    sql.append(" order by r.pk limit ?");
    args.add(count + 1);
    List<long[]> rows =
        jdbc.query(
            JdbcSearchService.customPlan(sql.toString(), args),
            (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
    long total = !rows.isEmpty() ? rows.get(0)[1] : token != null ? token.total() : 0;
    List<Long> pks = new ArrayList<>();
    for (int i = 0; i < rows.size() && i < count; i++) {
      pks.add(rows.get(i)[0]);
    }
    String next = null;
    if (rows.size() > count && !pks.isEmpty()) {
      next = new PageToken(pks.get(pks.size() - 1), rows.get(0)[2], total, hash).encode();
    }
    return new SearchPage(List.copyOf(pks), total, next, List.of());
  }
}
