package health.custodian.records.internal.search;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.records.internal.storage.ConsentDenyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A caller's {@link AccessRules} for one type as SQL conditions on the candidate row {@code r}
 * (and, for history, its version {@code v}): patient compartment, granular scope filters, hidden
 * security labels, Consent deny provisions. {@link AccessSearch} puts them inside the statements
 * that search, count, page, include and read.
 *
 * <p>The "+ 0" in these conditions keeps each on the per-resource indexes (sp_reference_res,
 * sp_token_res): they test one candidate row at a time, and the (param_id, ...) indexes would visit
 * every row of those parameters instead. The compartment probe stays an {@code exists} that
 * PostgreSQL may pull up into a semi-join: when the compartment is the selective part of a search
 * ({@code Observation?status=final} for a patient) driving from it is what keeps the search cheap;
 * forced to a per-row sub-plan ({@code offset 0}) such a search cost 8.5 ms instead of 0.35 ms on
 * the benchmark data (docs/benchmarks.md, 2026-11-27). Searches that name the patient leave it out
 * instead ({@link AccessCompartmentCriteria}).
 *
 * <p>The current security labels are those of the current version ({@code
 * resource_version.security_labels}, V27_5) looked up by its primary key, not the {@code _security}
 * rows of {@code sp_token}: one key lookup instead of a scan of the resource's token rows and a
 * join with {@code sp_param}, and exact even while a bulk import's index rows are still pending.
 */
@Component
class AccessConditions {

  private final JdbcSearchService search;
  private final PatientCompartment compartment;
  private final ConsentDenyState consents;

  AccessConditions(
      JdbcSearchService search, PatientCompartment compartment, ConsentDenyState consents) {
    this.search = search;
    this.compartment = compartment;
    this.consents = consents;
  }

  /**
   * The conditions of one type's rules (see {@link AccessRules}). {@code mixed}: the statement
   * covers several types, so compartment membership uses every type's membership parameters.
   */
  List<SqlCondition> of(
      String type, AccessRules rules, Caller caller, boolean mixed, AccessSearch.LabelsOf labels) {
    return of(type, rules, caller, mixed, labels, false);
  }

  /**
   * {@link #of(String, AccessRules, Caller, boolean, AccessSearch.LabelsOf)} for a statement whose
   * own criteria already keep it inside the caller's patient compartments ({@code
   * compartmentImplied}, see {@link AccessCompartmentCriteria}): the compartment condition would
   * only repeat them and is left out.
   */
  List<SqlCondition> of(
      String type,
      AccessRules rules,
      Caller caller,
      boolean mixed,
      AccessSearch.LabelsOf labels,
      boolean compartmentImplied) {
    return of(type, rules, caller, mixed, labels, compartmentImplied, null);
  }

  /**
   * The conditions of one type's read ({@code mixed} false), whose statement already computes the
   * resource's patients from the type's own membership parameters as the text[] {@code
   * patientsOfR}: the compartment condition is whether they meet the caller's patients, instead of
   * a second scan of the same {@code sp_reference} rows. The same answer: the {@code exists} below
   * asks for a row of those parameters whose target is one of the caller's patients, which is
   * exactly one of the resource's patients being one of the caller's.
   */
  List<SqlCondition> ofRead(
      String type,
      AccessRules rules,
      Caller caller,
      AccessSearch.LabelsOf labels,
      String patientsOfR) {
    return of(type, rules, caller, false, labels, false, patientsOfR);
  }

  private List<SqlCondition> of(
      String type,
      AccessRules rules,
      Caller caller,
      boolean mixed,
      AccessSearch.LabelsOf labels,
      boolean compartmentImplied,
      @Nullable String patientsOfR) {
    List<SqlCondition> out = new ArrayList<>();
    if (!rules.permitted()) {
      out.add(SqlCondition.of("false"));
      return out;
    }
    Integer[] own = compartment.paramIds(type);
    Integer[] membership = mixed ? compartment.allParamIds() : own == null ? new Integer[0] : own;
    boolean inCompartment = compartment.types().contains(type);
    Set<String> patients = rules.patients();
    if (patients != null && inCompartment) {
      String[] ids = patients.toArray(String[]::new);
      if (type.equals("Patient")) {
        out.add(SqlCondition.of("r.res_id = any(?)", (Object) ids));
      } else if (patientsOfR != null) {
        out.add(SqlCondition.of(patientsOfR + " && ?::text[]", (Object) ids));
      } else if (!compartmentImplied) {
        out.add(
            SqlCondition.of(
                "exists (select 1 from sp_reference x where x.res_pk = r.pk"
                    + " and x.param_id + 0 = any(?) and x.target_type = 'Patient'"
                    + " and x.target_id = any(?))",
                membership,
                ids));
      }
    }
    if (!rules.searchFilters().isEmpty()) {
      List<SqlCondition> ors = new ArrayList<>();
      for (Map<String, List<String>> filter : rules.searchFilters()) {
        ors.add(and(search.conditions(type, filter, true, new ArrayList<>())));
      }
      out.add(SqlCondition.or(ors));
    }
    if (!rules.hiddenLabels().isEmpty()) {
      out.add(hiddenLabels(rules.hiddenLabels().toArray(String[]::new), labels));
    }
    // While no Consent denies anything the probe could only answer "not denied": left out.
    if (rules.applyConsent() && inCompartment && consents.mayDeny()) {
      out.add(consent(type, membership, caller));
    }
    return out;
  }

  /**
   * No label among {@code hidden} on the resource, the version {@code v}, or one of its versions.
   */
  private static SqlCondition hiddenLabels(String[] hidden, AccessSearch.LabelsOf labels) {
    return switch (labels) {
      // The current version's own meta.security codes (R4 8.1.4 "Security Labels"; what the
      // _security search parameter indexes), by the version's primary key. A deleted resource's
      // tombstone has none, as a deleted resource has no _security index rows.
      case CURRENT ->
          SqlCondition.of(
              "not coalesce((select lv.security_labels from resource_version lv"
                  + " where lv.res_pk = r.pk and lv.version = r.version) && ?::text[], false)",
              (Object) hidden);
      // The same row as CURRENT's lookup, already joined by the statement (v.version = r.version).
      case JOINED_CURRENT ->
          SqlCondition.of("not coalesce(v.security_labels && ?::text[], false)", (Object) hidden);
      // resource_version.security_labels (V27_5): a version's own meta.security codes. A
      // tombstone carries no body: it shows exactly when the version it deleted does.
      case VERSION ->
          SqlCondition.of(
              "not coalesce((case when v.body is null then (select p.security_labels from"
                  + " resource_version p where p.res_pk = v.res_pk and p.version = v.version - 1)"
                  + " else v.security_labels end) && ?::text[], false)",
              (Object) hidden);
      case ANY_VERSION ->
          SqlCondition.of(
              "exists (select 1 from resource_version w where w.res_pk = r.pk"
                  + " and w.body is not null"
                  + " and not coalesce(w.security_labels && ?::text[], false))",
              (Object) hidden);
    };
  }

  /**
   * Not denied by an active Consent of the resource's patient (consent_deny, kept by the write
   * session): R4 Consent.provision.type=deny at the top level, period covering now, actor (when
   * given) one of the caller's references, purpose (when given) one of the caller's purposes.
   */
  private static SqlCondition consent(String type, Integer[] membership, Caller caller) {
    Set<String> actors = new TreeSet<>(caller.actorReferences());
    actors.add(caller.id());
    String applies =
        " and (c.period_start is null or c.period_start <= now())"
            + " and (c.period_end is null or c.period_end > now())"
            + " and (cardinality(c.actors) = 0 or c.actors && ?::text[])"
            + " and (cardinality(c.purposes) = 0 or c.purposes && ?::text[])";
    String[] actorArray = actors.toArray(String[]::new);
    String[] purposeArray = purposes(caller).toArray(String[]::new);
    if (type.equals("Patient")) {
      return SqlCondition.of(
          "not exists (select 1 from consent_deny c where c.patient_id = r.res_id" + applies + ")",
          actorArray,
          purposeArray);
    }
    return SqlCondition.of(
        "not exists (select 1 from sp_reference x join consent_deny c"
            + " on c.patient_id = x.target_id where x.res_pk = r.pk and x.param_id + 0 = any(?)"
            + " and x.target_type = 'Patient'"
            + applies
            + ")",
        membership,
        actorArray,
        purposeArray);
  }

  /**
   * The purposes of use (v3 ActReason) a caller acts under, derived from its roles: the token
   * carries none. A Consent deny limited to a purpose applies only to callers acting under it.
   */
  static Set<String> purposes(Caller caller) {
    Set<String> out = new TreeSet<>();
    for (Role r : caller.roles()) {
      switch (r) {
        case CLINICIAN -> out.add("TREAT");
        case BILLING_SPECIALIST -> out.add("HPAYMT");
        case DATA_ANALYST -> out.add("HRESCH");
        case CODER, RECORDS_SUPERVISOR -> out.add("HOPERAT");
        case COMPLIANCE_AUDITOR -> out.add("HLEGAL");
        case PATIENT -> out.add("PATRQT");
        case ADMINISTRATOR -> out.add("HSYSADMIN");
      }
    }
    return out;
  }

  static SqlCondition and(List<SqlCondition> parts) {
    if (parts.isEmpty()) {
      return SqlCondition.of("true");
    }
    StringBuilder sql = new StringBuilder("(");
    List<Object> args = new ArrayList<>();
    for (SqlCondition p : parts) {
      if (sql.length() > 1) {
        sql.append(" and ");
      }
      sql.append('(').append(p.sql()).append(')');
      args.addAll(p.args());
    }
    return new SqlCondition(sql.append(')').toString(), args);
  }
}
