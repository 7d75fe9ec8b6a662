package health.custodian.testsupport;

import health.custodian.access.Caller;
import health.custodian.access.Role;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Callers for tests, and the ONE place that says how a test request names its caller: a real bearer
 * token for that caller.
 */
public final class TestCallers {

  private TestCallers() {}

  /**
   * The header (name, value) that makes a request come from {@code caller}: a real bearer token,
   * signed with the server's key, carrying the caller's claims (see {@link TestTokens}).
   */
  public static String[] header(Caller caller) {
    return new String[] {"Authorization", TestTokens.only().bearer(caller)};
  }

  /** A user with these roles and nothing else. */
  public static Caller user(String id, Role... roles) {
    return new Caller(
        id, Caller.Kind.USER, Set.of(roles), Set.of(), null, Set.of(), Set.of(), null, null, null);
  }

  /** A patient user bound to Patient/{@code patientId}. */
  public static Caller patient(String id, String patientId) {
    return new Caller(
        id,
        Caller.Kind.USER,
        Set.of(Role.PATIENT),
        Set.of(),
        patientId,
        Set.of("Patient/" + patientId),
        Set.of(),
        null,
        null,
        null);
  }

  /** A clinician who stands for {@code actorReference} (e.g. Practitioner/1) in the record. */
  public static Caller clinician(String id, @Nullable String actorReference) {
    return new Caller(
        id,
        Caller.Kind.USER,
        Set.of(Role.CLINICIAN),
        Set.of(),
        null,
        actorReference == null ? Set.of() : Set.of(actorReference),
        Set.of(),
        null,
        null,
        null);
  }

  /** Who the suite's requests come from when they name no caller: everything is allowed. */
  public static Caller fullAccess() {
    return new Caller(
        "test-full-access",
        Caller.Kind.USER,
        Set.of(Role.values()),
        Set.of(),
        null,
        Set.of(),
        Set.of(),
        null,
        null,
        null);
  }
}
