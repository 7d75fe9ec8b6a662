package health.custodian.access;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking. Built by the security module from a verified token or session; never from anything
 * the client asserts unverified. Serializable as JSON (Bulk Data jobs keep their kick-off caller,
 * so that a job never sees more than its requester could).
 *
 * @param id stable subject: the user name, or the OAuth client id for a backend service
 * @param kind user, backend client, or the server itself (scheduled work)
 * @param roles the user's HIM roles (empty for clients, whose rights are their scopes)
 * @param scopes the SMART scopes granted to the token, raw (e.g. {@code
 *     patient/Observation.rs?category=laboratory}); empty for session users of the web workspace,
 *     whose rights are their roles
 * @param patientId the Patient id whose compartment the caller is bound to (patient role, or a
 *     SMART {@code launch/patient} context), else null
 * @param actorReferences FHIR references that stand for this caller in the record (e.g. {@code
 *     Practitioner/123}), used by Consent actor rules and audit
 * @param clearances sensitivity label codes the caller may see (e.g. {@code R}, {@code PSY})
 * @param breakGlass emergency access in force, else null
 * @param address the network address the request came from, for audit
 * @param session an opaque id of the sign-in session or token (not the token), for audit
 */
public record Caller(
    String id,
    Kind kind,
    Set<Role> roles,
    Set<String> scopes,
    @Nullable String patientId,
    Set<String> actorReferences,
    Set<String> clearances,
    @Nullable BreakGlass breakGlass,
    @Nullable String address,
    @Nullable String session) {

  public Caller {
    roles = Set.copyOf(roles);
    scopes = Set.copyOf(scopes);
    actorReferences = Set.copyOf(actorReferences);
    clearances = Set.copyOf(clearances);
  }

  /** The server itself (start-up work, scheduled maintenance); never used for a request. */
  public static Caller system(String id) {
    return new Caller(
        id, Kind.SYSTEM, Set.of(), Set.of(), null, Set.of(), Set.of(), null, null, null);
  }

  /** A request that carried no valid credentials (used only to audit the refusal). */
  public static Caller anonymous(@Nullable String address) {
    return attempting("anonymous", address);
  }

  /**
   * A failed sign-in under an account's name, of kind ANONYMOUS since nobody proved to be that user
   * (used only to audit the attempt).
   */
  public static Caller attempting(String name, @Nullable String address) {
    return new Caller(
        name, Kind.ANONYMOUS, Set.of(), Set.of(), null, Set.of(), Set.of(), null, address, null);
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  /** Whether break-glass access is in force at {@code now}. */
  public boolean inEmergency(Instant now) {
    return breakGlass != null && breakGlass.expires().isAfter(now);
  }

  public enum Kind {
    USER,
    CLIENT,
    SYSTEM,
    ANONYMOUS
  }

  /**
   * Emergency access granted after the user stated a reason.
   *
   * @param id the grant's id (links audit events to the review queue)
   * @param reason the reason the user gave
   * @param granted when it began
   * @param expires when it ends (default four hours later)
   */
  public record BreakGlass(String id, String reason, Instant granted, Instant expires) {}
}
