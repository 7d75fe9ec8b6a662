package health.custodian.records.internal.search;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import health.custodian.records.internal.storage.ResourceTypes;
import health.custodian.records.internal.storage.StoredVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Access rules as SQL (issue #5): each {@link AccessRules} becomes conditions over {@code resource
 * r} that are ANDed into the very statements that search, page, count and include, so that totals,
 * paging links and includes never show more than the caller may see. A single-resource check uses
 * the same conditions with {@code r.pk = ?}, so a read and a search can never disagree.
 *
 * <p>Only the records gateway ({@code records.internal.access}) calls this class.
 */
@Component
public class AccessSearch {

  /**
   * Patient ids of a resource's compartments from its references: those of its membership
   * parameters ({@code ?}) that point to a Patient. The {@code + 0} keeps the planner on {@code
   * sp_reference_res} (this resource's few rows) rather than the (param_id, target) index, which
   * would visit every reference of those parameters. A patient referenced twice is listed twice:
   * every reader of the array makes a set of it, and a {@code distinct} cost a Sort and a Unique
   * node per resource (docs/benchmarks.md, "fewer plan nodes in the protected read").
   */
  static final String PATIENTS_OF_REFERENCES =
      "array(select x.target_id from sp_reference x where x.res_pk = r.pk and x.param_id + 0 ="
          + " any(?) and x.target_type = 'Patient')";

  /** Patient ids of a resource's compartments: itself for a Patient, else its references. */
  static final String PATIENTS_OF_R =
      "case when r.res_type = 'Patient' then array[r.res_id] else "
          + PATIENTS_OF_REFERENCES
          + " end";

  private static final SqlCondition TRUE = SqlCondition.of("true");

  /**
   * Whose security labels decide visibility: the resource's current version (reads, searches,
   * includes: the {@code _security} index), one version {@code v} of {@code resource_version}
   * (history and vread: that version's own labels, a tombstone those of the version it deleted), or
   * any stored version of the resource (whether its history has anything to show). {@code
   * JOINED_CURRENT} is {@code CURRENT} for a statement that has already joined the current version
   * as {@code v} (the read): that row's labels, without looking the same row up a second time.
   */
  public enum LabelsOf {
    CURRENT,
    VERSION,
    ANY_VERSION,
    JOINED_CURRENT
  }

  private final JdbcTemplate jdbc;
  private final JdbcSearchService search;
  private final PatientCompartment compartment;
  private final Compartments compartments;
  private final IncludeResolver includes;
  private final PatientEverything everything;
  private final AccessConditions conditions;
  private final AccessCompartmentCriteria criteria;
  private final ReadStatementTexts readStatements;
  private final String loadStatement;
  private final String patientsStatement;

  AccessSearch(
      JdbcTemplate jdbc,
      JdbcSearchService search,
      PatientCompartment compartment,
      Compartments compartments,
      IncludeResolver includes,
      PatientEverything everything,
      AccessConditions conditions,
      AccessCompartmentCriteria criteria) {
    this.conditions = conditions;
    this.criteria = criteria;
    this.jdbc = jdbc;
    this.search = search;
    this.compartment = compartment;
    this.compartments = compartments;
    this.includes = includes;
    this.everything = everything;
    this.readStatements = new ReadStatementTexts(this::membership);
    // Every type's membership parameter ids (about a hundred) written into the text as one
    // constant array rather than bound: the ids are fixed for the server's life, and PostgreSQL
    // hashes a constant array of nine or more elements once per execution, where a generic plan
    // compares each reference with every element of a bound one in turn (PostgreSQL 14 release
    // notes, "Allow hash lookup for IN clauses with many constants"; MIN_ARRAY_SIZE_FOR_HASHED_SAOP
    // in the planner). Same rows, same patients: only the array's place changes
    // (docs/benchmarks.md, "every round trip of a protected read and search").
    String allIds = intArrayLiteral(compartment.allParamIds());
    this.loadStatement =
        "select v.res_pk, v.res_type, v.res_id, v.version, v.last_updated, v.method, v.body, "
            + PATIENTS_OF_R.replace(
                PATIENTS_OF_REFERENCES, patientsOfReferences(compartment.allParamIds()))
            + " from unnest(?::bigint[]) with ordinality as k(pk, ord)"
            + " join resource r on r.pk = k.pk"
            + " join resource_version v on v.res_pk = r.pk and v.version = r.version"
            + " where not r.deleted order by k.ord";
    this.patientsStatement =
        "select r.res_id from resource r where r.pk = any(?) and r.res_type = 'Patient'"
            + " union select x.target_id from sp_reference x where x.res_pk = any(?)"
            + " and x.param_id + 0 = any("
            + allIds
            + ") and x.target_type = 'Patient'";
  }

  /**
   * {@link #PATIENTS_OF_REFERENCES} with its membership parameter ids written in as a constant
   * array: integers only, so nothing from a request enters the text.
   */
  static String patientsOfReferences(Integer[] ids) {
    return PATIENTS_OF_REFERENCES.replace("any(?)", "any(" + intArrayLiteral(ids) + ")");
  }

  /** {@code '{1,2,3}'::int[]}: integers only, so nothing in it needs quoting. */
  private static String intArrayLiteral(Integer[] ids) {
    StringBuilder b = new StringBuilder("'{");
    for (Integer i : ids) {
      b.append(b.length() == 2 ? "" : ",").append(i.intValue());
    }
    return b.append("}'::int[]").toString();
  }

  /**
   * A type search filtered by the scope's rules for that type (checked permitted by the caller).
   */
  public SearchPage search(SearchRequest request, AccessScope scope) {
    if (ContainedMode.of(request.parameters()).searchesContained()) {
      // A contained resource is visible exactly when its container is: the matches are
      // containers of any type, each under its own type's rules (and the searched type's own).
      SqlCondition c = mixed(ResourceTypes.all(), scope);
      return search.search(request, c == null ? List.of() : List.of(c), targets(scope));
    }
    String type = request.resourceType();
    AccessRules rules = scope.rules(type);
    Set<String> patients = rules.patients();
    boolean implied =
        rules.filters()
            && patients != null
            && criteria.implied(type, ContainedMode.without(request.parameters()), patients);
    return search.search(request, conditions(type, scope, implied), targets(scope));
  }

  /** A compartment search (R4 3.1.1.4, any compartment owner type) filtered alike. */
  public SearchPage compartmentSearch(
      String owner, String id, SearchRequest request, AccessScope scope) {
    String type = request.resourceType();
    AccessRules rules = scope.rules(type);
    Set<String> patients = rules.patients();
    boolean implied =
        rules.filters()
            && patients != null
            && criteria.impliedByCompartment(owner, id, type, patients);
    return compartments.search(
        owner, id, request, conditions(type, scope, implied), targets(scope));
  }

  /** Conditional matching (conditional create/update/delete, conditional references). */
  public List<Long> match(
      String type, Map<String, List<String>> parameters, int limit, AccessScope scope) {
    return search.match(type, parameters, limit, conditions(type, scope, false), targets(scope));
  }

  /**
   * What chains, {@code _has} and {@code _list} may reach: each type under the scope's own rules
   * for it (a type the caller may not access reaches nothing), so that a search cannot filter by
   * the fields of a resource the caller may not see (issue #5).
   */
  private TargetAccess targets(AccessScope scope) {
    // Asked only for the types a query actually reaches (most searches reach none).
    Map<String, SqlCondition> byType = new HashMap<>();
    return type -> {
      SqlCondition known = byType.get(type);
      if (known == null) {
        AccessRules rules = scope.rules(type);
        known =
            !rules.permitted()
                ? SqlCondition.of("false")
                : rules.filters()
                    ? and(conditions(type, rules, scope.caller(), false, LabelsOf.CURRENT))
                    : TRUE;
        byType.put(type, known);
      }
      return known == TRUE ? null : known;
    };
  }

  /** Includes whose every level keeps only what the scope lets the caller see, type by type. */
  public IncludeResolver.Result includes(
      List<Long> matches, Map<String, List<String>> parameters, boolean strict, AccessScope scope) {
    if (scope.unrestricted()) {
      return includes.resolve(matches, parameters, strict);
    }
    return includes.resolve(matches, parameters, strict, found -> visible(found, scope));
  }

  /** A {@code $everything} or {@code Patient/x/*} page over the visible members only. */
  public SearchPage everything(PatientEverything.Query query, AccessScope scope) {
    Set<String> types = new TreeSet<>(compartment.types());
    types.addAll(PatientEverything.REFERENCED_TYPES);
    if (!query.types().isEmpty()) {
      types.retainAll(query.types());
    }
    return everything.page(query, mixed(types, scope));
  }

  /**
   * The condition over {@code resource r} for resources of any of {@code types}: each type under
   * its own rules, types the caller may not access left out. Null when nothing is filtered.
   */
  public @Nullable SqlCondition mixed(Collection<String> types, AccessScope scope) {
    return mixed(types, scope, LabelsOf.CURRENT);
  }

  /**
   * {@link #mixed(Collection, AccessScope)} for a statement over {@code resource_version v} (joined
   * to its {@code resource r}): with {@link LabelsOf#VERSION} the labels tested are those of the
   * version {@code v}, the other rules still those of the resource as it is now.
   */
  public @Nullable SqlCondition mixed(
      Collection<String> types, AccessScope scope, LabelsOf labels) {
    List<String> open = new ArrayList<>();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, SqlCondition> groupCondition = new HashMap<>();
    Map<String, SqlCondition> conditionOfGroup = groupCondition;
    boolean anyClosed = false;
    for (String type : types) {
      AccessRules rules = scope.rules(type);
      if (!rules.permitted()) {
        anyClosed = true;
        continue;
      }
      if (!rules.filters()) {
        open.add(type);
        continue;
      }
      // Types whose conditions do not depend on the type share one OR branch (set-based SQL
      // stays small even over the ~70 types of $everything).
      String key = rules.searchFilters().isEmpty() ? rules + "|" + category(type) : "type:" + type;
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(type);
      groupCondition.computeIfAbsent(
          key, k -> and(conditions(type, rules, scope.caller(), true, labels)));
    }
    if (!anyClosed && groups.isEmpty()) {
      return null;
    }
    List<SqlCondition> ors = new ArrayList<>();
    if (!open.isEmpty()) {
      ors.add(SqlCondition.of("r.res_type = any(?)", (Object) open.toArray(String[]::new)));
    }
    groups.forEach(
        (key, members) -> {
          SqlCondition c =
              java.util.Objects.requireNonNull(conditionOfGroup.get(key), "group condition");
          List<Object> args = new ArrayList<>();
          args.add(members.toArray(String[]::new));
          args.addAll(c.args());
          ors.add(new SqlCondition("r.res_type = any(?) and " + c.sql(), args));
        });
    return ors.isEmpty() ? SqlCondition.of("false") : SqlCondition.or(ors);
  }

  /** Of these keys (any types), those the scope lets the caller see, in the given order. */
  public List<Long> visible(List<Long> pks, AccessScope scope) {
    if (pks.isEmpty()) {
      return pks;
    }
    Long[] keys = pks.toArray(Long[]::new);
    List<String> types =
        jdbc.queryForList(
            "select distinct res_type from resource where pk = any(?)",
            String.class,
            (Object) keys);
    SqlCondition c = mixed(types, scope);
    if (c == null) {
      return pks;
    }
    List<Object> args = new ArrayList<>();
    args.add(keys);
    args.addAll(c.args());
    Set<Long> kept =
        new LinkedHashSet<>(
            jdbc.query(
                JdbcSearchService.customPlan(
                    "select r.pk from resource r where r.pk = any(?) and " + c.sql(), args),
                (rs, i) -> rs.getLong(1)));
    return pks.stream().filter(kept::contains).toList();
  }

  /**
   * Whether the resource with this key is visible under {@code rules}, and if so the ids of the
   * patients whose compartments it is in (for audit), in one statement. Empty when hidden.
   */
  public Optional<Set<String>> check(long pk, String type, AccessRules rules, Caller caller) {
    return check(pk, type, rules, caller, LabelsOf.CURRENT);
  }

  /**
   * {@link #check(long, String, AccessRules, Caller)} with the labels of {@code labels}: {@link
   * LabelsOf#ANY_VERSION} tells whether the resource's history has a version to show the caller.
   */
  public Optional<Set<String>> check(
      long pk, String type, AccessRules rules, Caller caller, LabelsOf labels) {
    List<SqlCondition> where = new ArrayList<>();
    where.add(SqlCondition.of("r.pk = ?", pk));
    if (rules.filters()) {
      where.addAll(conditions(type, rules, caller, false, labels));
    }
    SqlCondition c = and(where);
    List<Object> args = new ArrayList<>();
    args.add(membership(type));
    args.addAll(c.args());
    List<Set<String>> rows =
        jdbc.query(
            "select " + PATIENTS_OF_R + " from resource r where " + c.sql(),
            (rs, i) -> patientSet(rs.getArray(1)),
            args.toArray());
    return rows.stream().findFirst();
  }

  /**
   * A resource's current version (or the given version) with whether the caller may see it and, if
   * so, the resource's patients: one statement, so a protected read costs what a raw read does plus
   * the conditions. A given version is judged by its own security labels ({@link
   * LabelsOf#VERSION}), the other rules by the resource as it is now.
   */
  public Optional<Checked> current(
      String type, String id, @Nullable Integer version, AccessRules rules, Caller caller) {
    // v is the current version when no version is given (joined on r.version below).
    LabelsOf labels = version == null ? LabelsOf.JOINED_CURRENT : LabelsOf.VERSION;
    // A caller limited to some patients, reading a type of their compartment: the statement
    // computes the resource's patients once (rp.patients) and tests the compartment on them.
    boolean lateral =
        rules.filters()
            && rules.patients() != null
            && !type.equals("Patient")
            && compartment.types().contains(type);
    List<SqlCondition> where =
        !rules.filters()
            ? List.of()
            : lateral
                ? conditions.ofRead(type, rules, caller, labels, "rp.patients")
                : conditions(type, rules, caller, false, labels);
    SqlCondition visible = and(where);
    List<Object> args = new ArrayList<>();
    args.addAll(visible.args());
    args.add(type);
    args.add(id);
    String sql = readStatements.text(type, version != null, lateral, visible.sql());
    if (version != null) {
      args.add(args.size() - 2, version);
    }
    // A plain (server-prepared, plan-cached) statement: the row is found by its unique (type, id),
    // so a generic plan is as good as a custom one and planning per read would dominate.
    return jdbc
        .query(
            sql,
            (rs, i) ->
                new Checked(
                    new StoredVersion(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        rs.getString(7)),
                    rs.getBoolean(8),
                    patientSet(rs.getArray(9))),
            args.toArray())
        .stream()
        .findFirst();
  }

  /**
   * A version with the caller's view of its resource.
   *
   * @param visible whether the version passes the caller's rules (its own labels, the rest as the
   *     resource is now)
   * @param patients the patients whose compartments it is in now
   */
  public record Checked(StoredVersion version, boolean visible, Set<String> patients) {}

  /**
   * The current versions of these keys in their order (deleted ones left out), adding the patients
   * whose compartments they are in to {@code patients}: one statement.
   */
  public List<StoredVersion> load(List<Long> pks, Set<String> patients) {
    if (pks.isEmpty()) {
      return List.of();
    }
    return jdbc.query(
        loadStatement,
        (rs, i) -> {
          patients.addAll(patientSet(rs.getArray(8)));
          return new StoredVersion(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getInt(4),
              rs.getTimestamp(5).toInstant(),
              rs.getString(6),
              rs.getString(7));
        },
        (Object) pks.toArray(Long[]::new));
  }

  /** The patients whose compartments these resources are in (audit), in one statement. */
  public Set<String> patients(Collection<Long> pks) {
    if (pks.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    jdbc.query(
        patientsStatement,
        rs -> {
          out.add(rs.getString(1));
        },
        pks.toArray(Long[]::new),
        pks.toArray(Long[]::new));
    return out;
  }

  private static Set<String> patientSet(java.sql.@Nullable Array array)
      throws java.sql.SQLException {
    if (array == null) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    for (Object o : (Object[]) array.getArray()) {
      if (o != null) {
        out.add(o.toString());
      }
    }
    return out;
  }

  /**
   * The scope's conditions for one type; {@code compartmentImplied} see {@link AccessConditions}.
   */
  private List<SqlCondition> conditions(
      String type, AccessScope scope, boolean compartmentImplied) {
    AccessRules rules = scope.rules(type);
    return rules.filters()
        ? conditions.of(type, rules, scope.caller(), false, LabelsOf.CURRENT, compartmentImplied)
        : List.of();
  }

  private List<SqlCondition> conditions(
      String type, AccessRules rules, Caller caller, boolean mixed, LabelsOf labels) {
    return conditions.of(type, rules, caller, mixed, labels);
  }

  /**
   * The membership parameters of one type (R4 CompartmentDefinition Patient), for the patients of a
   * resource of that type: a few ids instead of every type's, bound and scanned per read.
   */
  private Integer[] membership(String type) {
    Integer[] own = compartment.paramIds(type);
    return own == null ? new Integer[0] : own;
  }

  /** Patient compartment, Patient itself, or outside the compartment. */
  private String category(String type) {
    return type.equals("Patient")
        ? "patient"
        : compartment.types().contains(type) ? "compartment" : "other";
  }

  private static SqlCondition and(List<SqlCondition> parts) {
    return AccessConditions.and(parts);
  }
}
