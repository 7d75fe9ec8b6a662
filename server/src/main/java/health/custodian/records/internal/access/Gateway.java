package health.custodian.records.internal.access;

import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Interaction;
import health.custodian.records.FhirException;
import health.custodian.records.FhirOperation;
import health.custodian.records.internal.search.AccessSearch;
import health.custodian.records.internal.search.IncludeResolver;
import health.custodian.records.internal.search.PatientEverything;
import health.custodian.records.internal.search.SearchService.SearchPage;
import health.custodian.records.internal.search.SearchService.SearchRequest;
import health.custodian.records.internal.search.SqlCondition;
import health.custodian.records.internal.storage.ConsentDenyState;
import health.custodian.records.internal.storage.HistoryPage;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.ResourceTypes;
import health.custodian.records.internal.storage.StoredVersion;
import health.custodian.records.internal.storage.WriteSession;
import health.custodian.records.internal.storage.WriteSessions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The one storage gateway of the records module (issue #5). Every interaction asks the {@link
 * AccessPolicy} for the caller's {@link AccessRules}: an interaction not permitted on a type is
 * refused (403); otherwise the rules become SQL conditions ({@link AccessSearch}) inside the
 * statements that search, count, page, include and read, so a resource the caller may not see
 * answers 404 exactly like a missing one and is never counted, linked or included. Each interaction
 * is recorded as exactly one audit record, success or failure; writes inside their transaction.
 */
@Service
public class Gateway {

  private final CallerContext callers;
  private final AccessPolicy policy;
  private final AccessAudit audit;
  private final AccessSearch access;
  private final RecordReader reader;
  private final WriteSessions sessions;

  Gateway(
      CallerContext callers,
      AccessPolicy policy,
      AccessAudit audit,
      AccessSearch access,
      RecordReader reader,
      WriteSessions sessions,
      ConsentDenyState consents) {
    this.callers = callers;
    this.policy = new ConsentAwarePolicy(policy, consents);
    this.audit = audit;
    this.access = access;
    this.reader = reader;
    this.sessions = sessions;
  }

  /** The compartment a search is restricted to: {@code owner/id}, e.g. Encounter/e1. */
  public record InCompartment(String owner, String id) {}

  /**
   * A search's result: the page, the included keys, and the loaded versions (matches then
   * includes), everything already filtered.
   */
  public record Found(
      SearchPage page, IncludeResolver.Result included, List<StoredVersion> versions) {}

  /** read (R4 3.1.0.2). */
  public StoredVersion read(String type, String id) {
    return readOne(Interaction.READ, "read", type, id, null);
  }

  /** vread (R4 3.1.0.3). */
  public StoredVersion vread(String type, String id, int version) {
    return readOne(Interaction.VREAD, "vread", type, id, version);
  }

  private StoredVersion readOne(
      Interaction interaction, String subtype, String type, String id, @Nullable Integer version) {
    Caller caller = callers.current();
    AccessRules rules = policy.rules(caller, interaction, type);
    AccessAudit.Event event = new AccessAudit.Event(caller, "R", subtype, rules.emergency(), null);
    return audit.audited(
        event,
        type + "/" + id,
        () -> {
          AuditEvents.refuse(interaction, type);
          if (!rules.permitted()) {
            throw GatewayGuard.refused(rules, interaction, type);
          }
          // A hidden version answers exactly like a version that does not exist.
          Supplier<FhirException> missing =
              () -> version == null ? notFound(type, id) : versionNotFound(type, id, version);
          // One statement: the version, whether the caller may see it, the resource's patients.
          AccessSearch.Checked checked =
              access.current(type, id, version, rules, caller).orElseThrow(missing);
          StoredVersion v = checked.version();
          if (v.deleted() || (version != null && !checked.visible())) {
            // A tombstone tells whether the resource existed: only to callers who may see it.
            if (rules.filters() && (version == null || !checked.visible())) {
              throw missing.get();
            }
            if (v.deleted()) {
              throw new FhirException(
                  410, "gone", "deleted", "Resource " + type + "/" + id + " has been deleted");
            }
          }
          if (!checked.visible()) {
            throw missing.get();
          }
          audit.success(event, List.of(reference(v)), checked.patients());
          return v;
        });
  }

  /**
   * Refuses (403) when not permitted; then the resource's patients when its history has a version
   * the caller may see (each version judged by its own labels, the other rules by the resource as
   * it is now), else not-found. A deleted resource answers 410 only to callers whose rules filter
   * nothing: a deleted resource no longer has index rows to test the rules against.
   */
  private Set<String> visibleHistory(
      AccessRules rules, Interaction interaction, Caller caller, String type, String id) {
    if (!rules.permitted()) {
      throw GatewayGuard.refused(rules, interaction, type);
    }
    StoredVersion current = reader.find(type, id).orElseThrow(() -> notFound(type, id));
    if (current.deleted()) {
      if (rules.filters()) {
        throw notFound(type, id);
      }
      return Set.of();
    }
    return access
        .check(current.pk(), type, rules, caller, AccessSearch.LabelsOf.ANY_VERSION)
        .orElseThrow(() -> notFound(type, id));
  }

  /** history at instance, type or system level (R4 3.1.0.10). */
  public HistoryPage history(
      @Nullable String type,
      @Nullable String id,
      @Nullable Instant since,
      @Nullable Instant at,
      int count,
      HistoryPage.@Nullable Cursor cursor) {
    Caller caller = callers.current();
    CallerScope scope = new CallerScope(policy, caller, Interaction.HISTORY);
    String subtype =
        id != null ? "history-instance" : type != null ? "history-type" : "history-system";
    boolean emergency = type != null && scope.rules(type).emergency();
    AccessAudit.Event event =
        new AccessAudit.Event(caller, "R", subtype, emergency, AccessAudit.currentQuery());
    return audit.audited(
        event,
        type == null ? null : id == null ? type : type + "/" + id,
        () -> {
          if (type != null) {
            AuditEvents.refuse(Interaction.HISTORY, type);
          }
          if (type != null && id != null) {
            visibleHistory(scope.rules(type), Interaction.HISTORY, caller, type, id);
          } else if (type != null && !scope.rules(type).permitted()) {
            throw GatewayGuard.refused(scope.rules(type), Interaction.HISTORY, type);
          }
          // Each version under its own security labels, inside the statements that page and
          // count, so that the total and the paging links count only the versions shown.
          SqlCondition condition =
              access.mixed(
                  type == null ? ResourceTypes.all() : List.of(type),
                  scope,
                  AccessSearch.LabelsOf.VERSION);
          HistoryPage page = reader.history(type, id, since, at, count, cursor, condition);
          List<String> entities = new ArrayList<>();
          List<Long> pks = new ArrayList<>();
          for (StoredVersion v : page.versions()) {
            entities.add(reference(v));
            pks.add(v.pk());
          }
          audit.success(event, entities, access.patients(pks));
          return page;
        });
  }

  /**
   * A type search (R4 3.1.1), or a compartment search (R4 3.1.1.4) when {@code compartment} is set,
   * with the includes {@code includeParameters} ask for (each included type under its own rules; a
   * type the caller may not search is left out silently).
   */
  public Found search(
      SearchRequest request,
      Map<String, List<String>> includeParameters,
      @Nullable InCompartment compartment) {
    Caller caller = callers.current();
    CallerScope scope = new CallerScope(policy, caller, Interaction.SEARCH);
    String type = request.resourceType();
    AccessRules rules = scope.rules(type);
    AccessAudit.Event event =
        new AccessAudit.Event(
            caller, "R", "search-type", rules.emergency(), AccessAudit.currentQuery());
    return audit.audited(
        event,
        compartment == null ? type : compartment.owner() + "/" + compartment.id() + "/" + type,
        () -> {
          AuditEvents.refuse(Interaction.SEARCH, type);
          if (!rules.permitted()) {
            throw GatewayGuard.refused(rules, Interaction.SEARCH, type);
          }
          SearchPage page =
              compartment == null
                  ? access.search(request, scope)
                  : access.compartmentSearch(compartment.owner(), compartment.id(), request, scope);
          IncludeResolver.Result included =
              page.pks().isEmpty() || !IncludeResolver.requested(includeParameters)
                  ? new IncludeResolver.Result(List.of(), false, List.of())
                  : access.includes(page.pks(), includeParameters, request.strict(), scope);
          return found(event, page, included);
        });
  }

  /** Patient {@code $everything} and {@code Patient/x/*}: only the members the caller may see. */
  public Found everything(PatientEverything.Query query) {
    Caller caller = callers.current();
    CallerScope scope = new CallerScope(policy, caller, Interaction.SEARCH);
    String qs = AccessAudit.currentQuery();
    AccessAudit.Event event =
        new AccessAudit.Event(
            caller,
            "R",
            query.withReferenced() ? "operation" : "search-type",
            scope.rules("Patient").emergency(),
            (query.withReferenced() ? "$everything" : "*") + (qs == null ? "" : "?" + qs));
    return audit.audited(
        event,
        "Patient/" + query.patientId(),
        () -> {
          AccessRules patientRules = scope.rules("Patient");
          if (!patientRules.permitted()) {
            throw GatewayGuard.refused(patientRules, Interaction.SEARCH, "Patient");
          }
          // A patient the caller may not see has, for this caller, an empty record: not even the
          // shared resources (practitioners, organisations) it references are shown.
          boolean visible =
              !patientRules.filters()
                  || access
                      .current("Patient", query.patientId(), null, patientRules, caller)
                      .filter(c -> c.visible() && !c.version().deleted())
                      .isPresent();
          SearchPage page =
              visible
                  ? access.everything(query, scope)
                  : new SearchPage(List.of(), 0L, null, List.of());
          return found(event, page, new IncludeResolver.Result(List.of(), false, List.of()));
        });
  }

  private Found found(AccessAudit.Event event, SearchPage page, IncludeResolver.Result included) {
    List<Long> all = new ArrayList<>(page.pks().size() + included.included().size());
    all.addAll(page.pks());
    all.addAll(included.included());
    // The versions and their patients in the one statement a raw search needs to load them.
    Set<String> patients = new java.util.TreeSet<>();
    List<StoredVersion> versions = access.load(all, patients);
    List<String> entities = new ArrayList<>(versions.size());
    versions.forEach(v -> entities.add(reference(v)));
    // Recorded before the response body is written (issue #5: reads audited before the response).
    audit.success(event, entities, patients);
    return new Found(page, included, versions);
  }

  /**
   * A write interaction in one transaction: {@code work} runs on a session guarded for the caller
   * (each staged change authorised, the new content checked after the flush), and the audit record
   * is written in the same transaction after the flush, so a rolled-back write leaves no success
   * record; a failure is then recorded outside it.
   *
   * @param interaction checked up front on {@code type} when both are given (a conditional delete
   *     that matches nothing still needs the permission)
   */
  public <T> T write(
      @Nullable Interaction interaction,
      @Nullable String type,
      String action,
      String subtype,
      Function<WriteSession, T> work) {
    Caller caller = callers.current();
    GatewayGuard guard =
        new GatewayGuard(new CallerScope(policy, caller, Interaction.READ), access);
    String query = AccessAudit.currentQuery();
    AccessAudit.Event attempt = new AccessAudit.Event(caller, action, subtype, false, query);
    return audit.audited(
        attempt,
        type,
        () -> {
          if (interaction != null && type != null) {
            guard.permitted(interaction, type);
          }
          return sessions.inTransaction(
              guard,
              session -> {
                T result = work.apply(session);
                session.flush();
                audit.success(
                    new AccessAudit.Event(caller, action, subtype, guard.emergency(), query),
                    guard.entities(),
                    guard.patients());
                return result;
              });
        });
  }

  /**
   * An extended operation (R4 3.1.0.11), authorised as OPERATION on its resource type ({@code
   * Resource} at system level); at instance level the resource must be visible (else 404).
   */
  public FhirOperation.Result operation(FhirOperation op, FhirOperation.Request request) {
    Caller caller = callers.current();
    String type = request.resourceType() == null ? "Resource" : request.resourceType();
    AccessRules rules = policy.rules(caller, Interaction.OPERATION, type);
    String qs = AccessAudit.currentQuery();
    AccessAudit.Event event =
        new AccessAudit.Event(
            caller,
            "E",
            "operation",
            rules.emergency(),
            "$" + op.name() + (qs == null ? "" : "?" + qs));
    String id = request.id();
    return audit.audited(
        event,
        id == null ? type : type + "/" + id,
        () -> {
          AuditEvents.refuse(Interaction.OPERATION, type);
          if (!rules.permitted()) {
            throw GatewayGuard.refused(rules, Interaction.OPERATION, type);
          }
          Set<String> patients = Set.of();
          if (id != null) {
            // The operation answers for a resource that does not exist; a caller whose rules
            // filter gets the gateway's not-found for hidden and missing alike.
            StoredVersion current = reader.find(type, id).orElse(null);
            if (current == null || current.deleted()) {
              if (rules.filters()) {
                throw notFound(type, id);
              }
            } else {
              patients =
                  access
                      .check(current.pk(), type, rules, caller)
                      .orElseThrow(() -> notFound(type, id));
            }
          }
          FhirOperation.Result result = op.invoke(request);
          audit.success(event, id == null ? List.of() : List.of(type + "/" + id), patients);
          return result;
        });
  }

  static String reference(StoredVersion v) {
    return v.resourceType() + "/" + v.id() + "/_history/" + v.version();
  }

  private static FhirException versionNotFound(String type, String id, int version) {
    return FhirException.notFound(
        "version-not-found", "Version " + version + " of " + type + "/" + id + " is not known");
  }

  static FhirException notFound(String type, String id) {
    // The same answer as for a resource that does not exist (issue #5: never reveal existence).
    return FhirException.notFound("not-found", "Resource " + type + "/" + id + " is not known");
  }
}
