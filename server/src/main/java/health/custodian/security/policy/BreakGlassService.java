package health.custodian.security.policy;

import health.custodian.access.Caller;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Placeholder in the authentication branch: the policy engineer's break-glass service replaces it
 * on merge (same signature).
 */
@Service
public class BreakGlassService {

  /** The emergency access in force for {@code userId}, if any. */
  public Optional<Caller.BreakGlass> active(String userId) {
    return Optional.empty();
  }
}
