package health.custodian.records.internal.access;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.AccessRules;
import health.custodian.access.Interaction;
import health.custodian.records.internal.search.AccessSearch;
import health.custodian.records.internal.storage.StoredVersion;
import health.custodian.records.internal.storage.WriteGuard;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gateway's {@link WriteGuard}: authorises each change of a write session for one caller and
 * collects what the audit record names (entities, patients, emergency). One per session.
 */
final class GatewayGuard implements WriteGuard {

  private final CallerScope scope;
  private final AccessSearch access;
  private final Map<Interaction, CallerScope> scopes = new EnumMap<>(Interaction.class);
  private final Set<String> entities = new LinkedHashSet<>();
  private final Set<String> patients = new TreeSet<>();
  private boolean emergency;

  GatewayGuard(CallerScope scope, AccessSearch access) {
    this.scope = scope;
    this.access = access;
  }

  Set<String> entities() {
    return entities;
  }

  Set<String> patients() {
    return patients;
  }

  boolean emergency() {
    return emergency;
  }

  static Interaction interaction(String method) {
    return switch (method) {
      case "POST" -> Interaction.CREATE;
      case "PATCH" -> Interaction.PATCH;
      case "DELETE" -> Interaction.DELETE;
      case "GET", "HEAD" -> Interaction.READ;
      default -> Interaction.UPDATE;
    };
  }

  private CallerScope scope(Interaction interaction) {
    return scopes.computeIfAbsent(interaction, scope::with);
  }

  /** The rules, refusing with 403 when the interaction is not permitted on the type at all. */
  AccessRules permitted(Interaction interaction, String type) {
    AuditEvents.refuse(interaction, type);
    AccessRules rules = scope(interaction).rules(type);
    emergency |= rules.emergency();
    if (!rules.permitted()) {
      throw refused(rules, interaction, type);
    }
    return rules;
  }

  static AccessDeniedException refused(AccessRules rules, Interaction interaction, String type) {
    String code = rules.refusal();
    return AccessDeniedException.forbidden(
        code == null ? "forbidden" : code,
        "Not permitted: " + interaction.name().toLowerCase(java.util.Locale.ROOT) + " of " + type);
  }

  @Override
  public void permit(String method, String type) {
    permitted(interaction(method), type);
  }

  @Override
  public void replacing(String method, String type, String id, long pk) {
    AccessRules rules = permitted(interaction(method), type);
    Set<String> of =
        access.check(pk, type, rules, scope.caller()).orElseThrow(() -> Gateway.notFound(type, id));
    patients.addAll(of);
  }

  @Override
  public void written(List<StoredVersion> versions) {
    Map<Interaction, List<Long>> live = new EnumMap<>(Interaction.class);
    List<Long> all = new ArrayList<>();
    for (StoredVersion v : versions) {
      entities.add(Gateway.reference(v));
      if (!v.deleted()) {
        live.computeIfAbsent(interaction(v.method()), k -> new ArrayList<>()).add(v.pk());
        all.add(v.pk());
      }
    }
    live.forEach(
        (interaction, pks) -> {
          // The new content must itself be visible under the caller's rules (issue #5): no
          // Observation for another patient, no label beyond the caller's clearances.
          List<Long> visible = access.visible(pks, scope(interaction));
          if (visible.size() != pks.size()) {
            throw AccessDeniedException.forbidden(
                "out-of-scope", "The content written is outside what the caller may access");
          }
        });
    patients.addAll(access.patients(all));
  }

  @Override
  public List<Long> match(String type, Map<String, List<String>> parameters, int limit) {
    permitted(Interaction.SEARCH, type);
    return access.match(type, parameters, limit, scope(Interaction.SEARCH));
  }

  @Override
  public void read(StoredVersion version) {
    AccessRules rules = permitted(Interaction.READ, version.resourceType());
    Set<String> of =
        access
            .check(version.pk(), version.resourceType(), rules, scope.caller())
            .orElseThrow(() -> Gateway.notFound(version.resourceType(), version.id()));
    patients.addAll(of);
    entities.add(Gateway.reference(version));
  }
}
