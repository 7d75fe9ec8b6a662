package health.custodian.security.policy;

import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The authorisation policy: role permissions ({@link RolePermissions}) intersected with SMART v2
 * scopes, the patient compartment binding, sensitivity clearances and break-glass. Pure and fast:
 * no database access, only the configuration loaded at start-up. Documented in {@code
 * docs/security.md} ("Authorisation").
 */
@Component
class CustodianAccessPolicy implements AccessPolicy {

  // Break-glass lifts labels and Consent for reading the record only (issue #5, "Break-the-glass"):
  // never for writes, exports or operations.
  private static final Set<Interaction> EMERGENCY_READS =
      Set.copyOf(
          EnumSet.of(Interaction.READ, Interaction.VREAD, Interaction.HISTORY, Interaction.SEARCH));
  private static final Set<ResourceGroup> EMERGENCY_GROUPS =
      Set.copyOf(EnumSet.of(ResourceGroup.CLINICAL, ResourceGroup.DEMOGRAPHICS));

  // Bounds of the parse caches below: far more distinct scopes and clearance sets than a
  // deployment has; past them a cache starts over rather than grow.
  private static final int CACHE_LIMIT = 4096;

  private final PolicySettings settings;
  private final RolePermissions roles = RolePermissions.standard();
  private final Clock clock;
  // The policy runs per request and per included type: scopes are parsed and hidden label sets
  // computed once per distinct value, not per call.
  private final Map<String, Optional<SmartScope>> scopes = new ConcurrentHashMap<>();
  private final Map<Set<String>, Set<String>> hiddenByClearances = new ConcurrentHashMap<>();

  @Autowired
  CustodianAccessPolicy(PolicySettings settings, ObjectProvider<Clock> clock) {
    this(settings, clock.getIfAvailable(Clock::systemUTC));
  }

  CustodianAccessPolicy(PolicySettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public AccessRules rules(Caller caller, Interaction interaction, String resourceType) {
    return switch (caller.kind()) {
      case SYSTEM -> AccessRules.unrestricted();
      case ANONYMOUS -> AccessRules.refused("unauthenticated");
      case USER, CLIENT -> decide(caller, interaction, resourceType);
    };
  }

  private AccessRules decide(Caller caller, Interaction interaction, String type) {
    ResourceGroup group = ResourceGroup.of(type);
    if (group == ResourceGroup.AUDIT && interaction.writes()) {
      // The audit log is written by the audit module only; an AuditEvent posted through the API
      // would be a forged record (issue #5, "Append-only").
      return AccessRules.refused("read-only");
    }
    Binding binding;
    if (caller.kind() == Caller.Kind.USER) {
      binding = byRoles(caller, interaction, type);
      // Session users of the web workspace carry no scopes and get their roles; a token's scopes
      // narrow the roles (SMART v2: scopes never grant more than the user may do).
      if (binding.refusal == null && !caller.scopes().isEmpty()) {
        binding = binding.and(byScopes(caller, "user", interaction, type));
      }
    } else {
      binding = byScopes(caller, "system", interaction, type);
    }
    if (binding.refusal != null) {
      return AccessRules.refused(binding.refusal);
    }
    boolean emergency = caller.inEmergency(clock.instant());
    Set<String> hidden = Set.of();
    boolean consent = false;
    if (group.patientData()) {
      hidden = hiddenLabels(caller.clearances());
      consent = true;
      if (emergency
          && EMERGENCY_READS.contains(interaction)
          && EMERGENCY_GROUPS.contains(group)
          && caller.kind() == Caller.Kind.USER
          && caller.roles().stream().anyMatch(settings.breakGlassRoles()::contains)) {
        hidden = Set.of();
        consent = false;
      }
    }
    return new AccessRules(
        true, null, binding.patients, binding.filters, hidden, consent, emergency);
  }

  private Binding byRoles(Caller caller, Interaction interaction, String type) {
    boolean unbound = false;
    boolean asPatient = false;
    for (Role role : caller.roles()) {
      if (roles.allows(role, interaction, type)) {
        if (role == Role.PATIENT) {
          asPatient = true;
        } else {
          unbound = true;
        }
      }
    }
    if (unbound) {
      return Binding.ALL;
    }
    if (!asPatient) {
      return Binding.refused("role");
    }
    String patientId = caller.patientId();
    return patientId == null
        ? Binding.refused("patient-context")
        : new Binding(null, Set.of(patientId), List.of());
  }

  /**
   * The rights the caller's SMART scopes give. {@code unboundContext} is the context that is not
   * tied to a patient: {@code user} for users, {@code system} for backend clients; scopes of the
   * other one are ignored. {@code patient/} scopes bind to the caller's patient and give nothing
   * without one. When both kinds match, the unbound scopes decide (the rules can express one
   * compartment binding, and dropping the patient scopes only ever narrows what is granted).
   */
  private Binding byScopes(
      Caller caller, String unboundContext, Interaction interaction, String type) {
    char permission = interaction.smartPermission();
    List<SmartScope> unbound = new ArrayList<>();
    List<SmartScope> patient = new ArrayList<>();
    for (String raw : caller.scopes()) {
      SmartScope scope = cached(scopes, raw, SmartScope::parse).orElse(null);
      if (scope == null || !scope.covers(type, permission)) {
        continue;
      }
      if (scope.patientContext()) {
        patient.add(scope);
      } else if (scope.context().equals(unboundContext)) {
        unbound.add(scope);
      }
    }
    if (!unbound.isEmpty()) {
      return new Binding(null, null, filters(unbound));
    }
    if (patient.isEmpty()) {
      return Binding.refused("scope");
    }
    String patientId = caller.patientId();
    if (patientId == null) {
      return Binding.refused("patient-context");
    }
    return new Binding(null, Set.of(patientId), filters(patient));
  }

  private Set<String> hiddenLabels(Set<String> clearances) {
    return cached(
        hiddenByClearances,
        clearances,
        c -> {
          Set<String> hidden = new HashSet<>(settings.sensitiveLabels());
          hidden.removeAll(c);
          return Set.copyOf(hidden);
        });
  }

  private static <K, V> V cached(Map<K, V> cache, K key, Function<K, V> compute) {
    V value = cache.get(key);
    if (value == null) {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      value = compute.apply(key);
      cache.put(key, value);
    }
    return value;
  }

  /**
   * Granular filters ORed; a scope without a filter makes the others irrelevant. Sorted, so that
   * equal grants give equal rules whatever order the token listed its scopes in.
   */
  private static List<Map<String, List<String>>> filters(List<SmartScope> scopes) {
    Set<Map<String, List<String>>> filters = new LinkedHashSet<>();
    for (SmartScope scope : scopes) {
      Map<String, List<String>> filter = scope.filter();
      if (filter == null) {
        return List.of();
      }
      filters.add(filter);
    }
    return filters.stream().sorted(java.util.Comparator.comparing(Object::toString)).toList();
  }

  /** What one source of rights (roles or scopes) allows: a refusal, or a binding and filters. */
  private record Binding(
      @Nullable String refusal,
      @Nullable Set<String> patients,
      List<Map<String, List<String>>> filters) {

    static final Binding ALL = new Binding(null, null, List.of());

    static Binding refused(String code) {
      return new Binding(code, null, List.of());
    }

    /** Both apply: the narrower compartment, the scope's filters (roles never carry any). */
    Binding and(Binding other) {
      if (other.refusal != null) {
        return other;
      }
      Set<String> both;
      if (patients == null) {
        both = other.patients;
      } else if (other.patients == null) {
        both = patients;
      } else {
        both = new HashSet<>(patients);
        both.retainAll(other.patients);
      }
      List<Map<String, List<String>>> merged = new ArrayList<>(filters);
      merged.addAll(other.filters);
      return new Binding(null, both, merged);
    }
  }
}
