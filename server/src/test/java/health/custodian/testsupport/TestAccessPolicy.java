package health.custodian.testsupport;

import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A programmable {@link AccessPolicy}: unrestricted until a test installs rules with {@link
 * #use(AccessPolicy)}; {@link #reset()} goes back. Thread-safe (requests run on server threads).
 */
public class TestAccessPolicy implements AccessPolicy {

  private static final AccessPolicy UNRESTRICTED = (c, i, t) -> AccessRules.unrestricted();

  private final AtomicReference<AccessPolicy> delegate = new AtomicReference<>(UNRESTRICTED);

  /** From now on, answer as {@code policy} does. */
  public void use(AccessPolicy policy) {
    delegate.set(policy);
  }

  public void reset() {
    delegate.set(UNRESTRICTED);
  }

  @Override
  public AccessRules rules(Caller caller, Interaction interaction, String resourceType) {
    return delegate.get().rules(caller, interaction, resourceType);
  }
}
