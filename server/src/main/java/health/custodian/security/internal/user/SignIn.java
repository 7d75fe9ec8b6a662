package health.custodian.security.internal.user;

import org.jspecify.annotations.Nullable;

/**
 * The result of checking a user name and password.
 *
 * @param status what happened
 * @param user the account when the password was right
 */
public record SignIn(Status status, @Nullable UserAccount user) {

  public enum Status {
    /** Password right; no second factor needed. */
    OK,
    /** Password right; the TOTP step follows (enrolment when no secret yet). */
    NEEDS_TOTP,
    /** Wrong name or password, disabled or locked: one answer for all, so no name is revealed. */
    REFUSED
  }
}
