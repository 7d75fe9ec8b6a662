package health.custodian.security.internal;

import java.util.Objects;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * A password-hash check spent on credentials that name nobody (an unknown user name, a client id
 * that is not registered), so that refusing them costs the same Argon2id work as refusing a wrong
 * password or secret: otherwise the answer comes tens of milliseconds sooner and tells which names
 * exist (issue #5, "timing of obvious kinds"). One real hash for the whole server, made at start.
 */
@Component
public final class DecoyHash {

  private final PasswordEncoder encoder;
  private final String hash;

  DecoyHash(PasswordEncoder encoder) {
    this.encoder = encoder;
    this.hash = Objects.requireNonNull(encoder.encode("not-a-credential"));
  }

  /** Checks {@code presented} against the decoy hash; the answer is always no and is ignored. */
  public void spend(CharSequence presented) {
    encoder.matches(presented, hash);
  }
}
