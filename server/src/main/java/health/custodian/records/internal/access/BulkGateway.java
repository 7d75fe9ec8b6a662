package health.custodian.records.internal.access;

import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Interaction;
import health.custodian.records.internal.search.AccessSearch;
import health.custodian.records.internal.search.SqlCondition;
import health.custodian.records.internal.storage.ConsentDenyState;
import health.custodian.records.internal.storage.ResourceTypes;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The Bulk Data side of the storage gateway (issue #4 and #5): kick-offs, who may follow a job and
 * fetch its files, uploads, and the condition an export job applies for its kick-off caller. The
 * same policy (Consent-aware), scopes and audit as {@link Gateway}, whose interactions concern one
 * request's resources; these concern jobs that outlive the request.
 */
@Service
public class BulkGateway {

  private final CallerContext callers;
  private final AccessPolicy policy;
  private final AccessAudit audit;
  private final AccessSearch access;

  BulkGateway(
      CallerContext callers,
      AccessPolicy policy,
      AccessAudit audit,
      AccessSearch access,
      ConsentDenyState consents) {
    this.callers = callers;
    this.policy = new ConsentAwarePolicy(policy, consents);
    this.audit = audit;
    this.access = access;
  }

  /**
   * Bulk Data {@code $export} kick-off: refused (403) when a requested type may not be exported;
   * returns the caller, whom the job keeps so that its queries never see more than the caller could
   * ({@link #exportCondition}).
   */
  public Caller exportKickOff(List<String> types) {
    Caller caller = callers.current();
    CallerScope scope = new CallerScope(policy, caller, Interaction.EXPORT);
    AccessAudit.Event event =
        new AccessAudit.Event(caller, "E", "export", false, AccessAudit.currentQuery());
    return audit.audited(
        event,
        null,
        () -> {
          for (String type : types) {
            AccessRules rules = scope.rules(type);
            if (!rules.permitted()) {
              throw GatewayGuard.refused(rules, Interaction.EXPORT, type);
            }
          }
          audit.success(event, List.of(), Set.of());
          return caller;
        });
  }

  /**
   * A Bulk Data file sent to the caller: one audit record (action E, {@code subtype} {@code export}
   * or {@code import} as the job's kind), naming the file in its query and the Patients whose data
   * the file holds. The kick-off's record names no patients (nothing has left yet); this one does,
   * so that each download of a patient's data counts in that patient's accounting of disclosures
   * (docs/audit.md).
   */
  public void bulkFileDownloaded(String subtype, String file, Collection<String> patients) {
    AccessAudit.Event event = new AccessAudit.Event(callers.current(), "E", subtype, false, file);
    audit.success(event, List.of(), Set.copyOf(patients));
  }

  /**
   * The condition over {@code resource r} an export job applies to one type for its kick-off
   * caller: {@code false} when that caller may not export the type, null when nothing is filtered.
   * Not audited: the kick-off was.
   */
  public @Nullable SqlCondition exportCondition(Caller caller, String type) {
    return access.mixed(List.of(type), new CallerScope(policy, caller, Interaction.EXPORT));
  }

  /**
   * Bulk Data {@code $import} kick-off: refused (403) unless IMPORT is permitted on every type;
   * returns the caller, whom the job keeps so that only it may follow the job ({@link
   * #mayFollowJob}).
   */
  public Caller importKickOff(List<String> types, Consumer<Caller> inputsCheck) {
    Caller caller = callers.current();
    CallerScope scope = new CallerScope(policy, caller, Interaction.IMPORT);
    AccessAudit.Event event = new AccessAudit.Event(caller, "C", "import", false, null);
    return audit.audited(
        event,
        null,
        () -> {
          AuditEvents.refuseAny(Interaction.IMPORT, types);
          for (String type : types.isEmpty() ? List.of("Resource") : types) {
            AccessRules rules = scope.rules(type);
            if (!rules.permitted()) {
              throw GatewayGuard.refused(rules, Interaction.IMPORT, type);
            }
          }
          // e.g. the inputs' uploads are the caller's own; a refusal is audited as a failure
          inputsCheck.accept(caller);
          audit.success(event, List.of(), Set.of());
          return caller;
        });
  }

  /**
   * Whether the current caller may poll, cancel or fetch the files of a Bulk Data job. IG v2.0.0
   * ("Privacy and Security Considerations") protects status and file requests like the kick-off,
   * with a token whose scopes cover every type the job exports, and lets a server limit them to the
   * client that started the job. Custodian requires both: the caller is the job's kick-off caller
   * (same id and kind), and it is still permitted {@code interaction} on every type of the job. An
   * export's files hold what its kick-off caller could see, so no other caller may have them,
   * whatever its own rights. A job without a recorded caller belongs to nobody. Not audited here:
   * the controller answers a refusal exactly like an unknown job (404), and the error boundary
   * audits that failure.
   */
  public boolean mayFollowJob(
      @Nullable Caller kickOff, Interaction interaction, List<String> types) {
    Caller caller = callers.current();
    if (kickOff == null || !kickOff.id().equals(caller.id()) || kickOff.kind() != caller.kind()) {
      return false;
    }
    CallerScope scope = new CallerScope(policy, caller, interaction);
    for (String type : types.isEmpty() ? List.of("Resource") : types) {
      if (!scope.rules(type).permitted()) {
        return false;
      }
    }
    return true;
  }

  /**
   * An NDJSON upload for a later {@code $import}: refused (403) unless the caller may import at
   * least one type, so that callers who can never import cannot fill the server's disk with
   * uploads. The import itself checks every type it names at its kick-off. Not audited when it
   * succeeds (the import's kick-off is the audited interaction); a refusal is audited by the error
   * boundary. Returns the caller, who owns the upload: only it may import it.
   */
  public Caller importUpload() {
    Caller caller = callers.current();
    CallerScope scope = new CallerScope(policy, caller, Interaction.IMPORT);
    AccessRules refused = AccessRules.refused("role");
    for (String type : ResourceTypes.all()) {
      AccessRules rules = scope.rules(type);
      if (rules.permitted()) {
        return caller;
      }
      refused = rules;
    }
    throw GatewayGuard.refused(refused, Interaction.IMPORT, "any resource type");
  }
}
