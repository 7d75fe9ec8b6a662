package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.security.policy.PolicySettings;
import org.junit.jupiter.api.Test;

/**
 * Full-access clients (the command line's, the tests') must be cleared for every label the policy
 * hides by default: a missing code silently turns them into filtered callers (slower plans, 404
 * instead of 410 for deleted resources) and hides labelled resources from imports and exports.
 */
class ClearancesTest {

  @Test
  void fullAccessCoversEveryDefaultSensitiveLabel() {
    assertThat(Clearances.ALL).containsAll(PolicySettings.defaults().sensitiveLabels());
  }
}
