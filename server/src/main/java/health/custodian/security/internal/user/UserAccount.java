package health.custodian.security.internal.user;

import health.custodian.access.Role;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One row of {@code app_user}; the password hash and TOTP secret never leave this package. */
public record UserAccount(
    String name,
    String passwordHash,
    Set<Role> roles,
    @Nullable String patientId,
    @Nullable String actorReference,
    Set<String> clearances,
    boolean disabled,
    int failedAttempts,
    @Nullable Instant lockedUntil,
    @Nullable String totpSecret) {

  public UserAccount {
    roles = Set.copyOf(roles);
    clearances = Set.copyOf(clearances);
  }

  public boolean lockedAt(Instant now) {
    return lockedUntil != null && lockedUntil.isAfter(now);
  }
}
