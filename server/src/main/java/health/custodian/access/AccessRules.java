package health.custodian.access;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a caller may see or change of one resource type for one interaction. A resource is visible
 * when {@link #permitted()} and it passes every filter: it is in the compartment of one of {@link
 * #patients()} (when set and the type is in the Patient compartment; the Patient resources
 * themselves by id), it matches at least one of {@link #searchFilters()} (when not empty), it
 * carries none of {@link #hiddenLabels()} in {@code meta.security}, and, when {@link
 * #applyConsent()}, no active Consent denies it to the caller.
 *
 * @param permitted false: the interaction is refused outright (403, code {@link #refusal()})
 * @param refusal stable code of the refusal when not permitted ({@code role}, {@code scope}, ...)
 * @param patients Patient ids the caller is bound to, or null for no compartment restriction
 * @param searchFilters SMART v2 granular scope filters (e.g. {@code category=laboratory}), each a
 *     set of search parameters ANDed; the resource must match one of them; empty for none
 * @param hiddenLabels security label codes (from {@code meta.security}) the caller lacks the
 *     clearance for: resources carrying any of them are hidden
 * @param applyConsent whether Consent deny provisions apply (false only under break-glass)
 * @param emergency whether this access happens under break-glass (audited as such)
 */
public record AccessRules(
    boolean permitted,
    @Nullable String refusal,
    @Nullable Set<String> patients,
    List<Map<String, List<String>>> searchFilters,
    Set<String> hiddenLabels,
    boolean applyConsent,
    boolean emergency) {

  public AccessRules {
    patients = patients == null ? null : Set.copyOf(patients);
    searchFilters = List.copyOf(searchFilters);
    hiddenLabels = Set.copyOf(hiddenLabels);
  }

  /** Everything of this type, no filter (the server's own work; administrators' non-PHI types). */
  public static AccessRules unrestricted() {
    return new AccessRules(true, null, null, List.of(), Set.of(), false, false);
  }

  public static AccessRules refused(String code) {
    return new AccessRules(false, code, Set.of(), List.of(), Set.of(), true, false);
  }

  /** Whether the rules filter anything at all (the gateway can skip its SQL when not). */
  public boolean filters() {
    return patients != null || !searchFilters.isEmpty() || !hiddenLabels.isEmpty() || applyConsent;
  }
}
