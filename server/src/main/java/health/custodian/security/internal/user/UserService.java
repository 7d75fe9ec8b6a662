package health.custodian.security.internal.user;

import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.security.internal.DecoyHash;
import health.custodian.security.internal.SecurityAudit;
import health.custodian.security.internal.SecurityProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Accounts: creation, disabling, password and TOTP checks with lockout, all audited. */
@Service
public class UserService {

  private final UserStore store;
  private final PasswordEncoder encoder;
  private final SecurityProperties properties;
  private final SecurityAudit audit;
  private final Clock clock;
  // Spent when the name is unknown, so that unknown and known names take as long.
  private final DecoyHash decoy;

  UserService(
      UserStore store,
      PasswordEncoder encoder,
      SecurityProperties properties,
      SecurityAudit audit,
      DecoyHash decoy) {
    this.store = store;
    this.encoder = encoder;
    this.properties = properties;
    this.audit = audit;
    this.clock = Clock.systemUTC();
    this.decoy = decoy;
  }

  /** Creates a user; false when the name is taken. Audited as a role change by {@code by}. */
  public boolean add(
      Caller by,
      String name,
      String password,
      Set<Role> roles,
      @Nullable String patientId,
      @Nullable String actorReference,
      Set<String> clearances) {
    if (password.length() < 8) {
      throw new IllegalArgumentException("the password must have at least 8 characters");
    }
    if (roles.contains(Role.PATIENT) && patientId == null) {
      throw new IllegalArgumentException("a patient user needs --patient ID");
    }
    String actor = actorReference;
    if (actor == null && patientId != null) {
      actor = "Patient/" + patientId;
    }
    String hash = encoder.encode(password);
    boolean added =
        store.insert(
            new UserAccount(
                name,
                hash == null ? "" : hash,
                roles,
                patientId,
                actor,
                clearances,
                false,
                0,
                null,
                null));
    if (added) {
      audit.success(by, "role-change", "user-added " + name + " " + codes(roles));
    }
    return added;
  }

  public boolean disable(Caller by, String name) {
    boolean done = store.disable(name);
    if (done) {
      audit.success(by, "role-change", "user-disabled " + name);
    }
    return done;
  }

  /** MFA reset by an administrator: the user enrols a new TOTP secret at next sign-in. */
  public boolean resetMfa(Caller by, String name) {
    boolean done = store.clearTotpSecret(name);
    if (done) {
      audit.success(by, "mfa-change", "totp-reset " + name);
    }
    return done;
  }

  public List<UserAccount> list() {
    return store.all();
  }

  public Optional<UserAccount> find(String name) {
    return store.find(name);
  }

  /** Checks a name and password, counting failures and locking after too many in a row. */
  public SignIn checkPassword(String name, String password, @Nullable String address) {
    Instant now = clock.instant();
    store.clearExpiredLock(name, now);
    Optional<UserAccount> found = store.find(name);
    if (found.isEmpty()) {
      decoy.spend(password);
      audit.failure(Caller.anonymous(address), "login-failed", "bad-credentials");
      return new SignIn(SignIn.Status.REFUSED, null);
    }
    UserAccount user = found.get();
    boolean matches = encoder.matches(password, user.passwordHash());
    if (user.disabled() || user.lockedAt(now)) {
      audit.failure(
          attempted(user.name(), address), "login-failed", user.disabled() ? "disabled" : "locked");
      return new SignIn(SignIn.Status.REFUSED, null);
    }
    if (!matches) {
      fail(user.name(), address, "bad-credentials");
      return new SignIn(SignIn.Status.REFUSED, null);
    }
    if (properties.mfaRequired(user.roles()) || user.totpSecret() != null) {
      return new SignIn(SignIn.Status.NEEDS_TOTP, user);
    }
    return new SignIn(SignIn.Status.OK, user);
  }

  /**
   * Checks the TOTP code of a user who passed the password step. Wrong codes count towards the
   * lockout like wrong passwords.
   */
  public boolean checkTotp(UserAccount user, String code, @Nullable String address) {
    Instant now = clock.instant();
    Optional<UserAccount> current = store.find(user.name());
    if (current.isEmpty()
        || current.get().disabled()
        || current.get().lockedAt(now)
        || current.get().totpSecret() == null) {
      audit.failure(attempted(user.name(), address), "login-failed", "totp-refused");
      return false;
    }
    String secret = current.get().totpSecret();
    if (secret != null && Totp.verify(secret, code, now)) {
      return true;
    }
    fail(user.name(), address, "bad-totp");
    return false;
  }

  /** Enrols a TOTP secret after the user proved they hold it with a valid code. */
  public boolean enrolTotp(UserAccount user, String secret, String code, Caller caller) {
    if (!Totp.verify(secret, code, clock.instant())) {
      fail(user.name(), caller.address(), "bad-totp");
      return false;
    }
    store.setTotpSecret(user.name(), secret);
    audit.success(caller, "mfa-change", "totp-enrolled");
    return true;
  }

  /** Marks a completed sign-in (resets the failure count) and audits it. */
  public void signedIn(Caller caller) {
    store.recordSuccess(caller.id(), clock.instant());
    audit.success(caller, "login", null);
  }

  private void fail(String name, @Nullable String address, String detail) {
    Instant now = clock.instant();
    store.recordFailure(name, properties.maxFailedAttempts(), now.plus(properties.lockout()));
    audit.failure(attempted(name, address), "login-failed", detail);
  }

  /**
   * The unauthenticated caller of a failed sign-in to an existing account: named after the account
   * (so the auditor sees which one was attacked) but of kind ANONYMOUS, since nobody proved to be
   * that user. Unknown names are not recorded, so that mistyped passwords typed as names are not.
   */
  private static Caller attempted(String name, @Nullable String address) {
    return Caller.attempting(name, address);
  }

  private static String codes(Set<Role> roles) {
    return roles.stream().map(Role::code).sorted().toList().toString();
  }
}
