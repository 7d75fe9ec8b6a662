package health.custodian.security.internal;

import health.custodian.access.Caller;
import health.custodian.security.internal.user.UserAccount;
import java.util.Collection;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Builds {@link Caller}s for users and clients. */
public final class Callers {

  private Callers() {}

  public static Caller user(
      UserAccount user,
      Collection<String> scopes,
      Caller.@Nullable BreakGlass breakGlass,
      @Nullable String address,
      @Nullable String session) {
    return new Caller(
        user.name(),
        Caller.Kind.USER,
        user.roles(),
        Set.copyOf(scopes),
        user.patientId(),
        user.actorReference() == null ? Set.of() : Set.of(user.actorReference()),
        user.clearances(),
        breakGlass,
        address,
        session);
  }

  public static Caller client(
      String clientId,
      Collection<String> scopes,
      Collection<String> clearances,
      @Nullable String address,
      @Nullable String session) {
    return new Caller(
        clientId,
        Caller.Kind.CLIENT,
        Set.of(),
        Set.copyOf(scopes),
        null,
        Set.of(),
        Set.copyOf(clearances),
        null,
        address,
        session);
  }
}
