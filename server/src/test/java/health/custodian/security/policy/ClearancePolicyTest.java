package health.custodian.security.policy;

import static health.custodian.security.policy.PolicyCases.NOW;
import static health.custodian.security.policy.PolicyCases.POLICY;
import static health.custodian.security.policy.PolicyCases.SENSITIVE;
import static health.custodian.security.policy.PolicyCases.client;
import static health.custodian.security.policy.PolicyCases.minus;
import static health.custodian.security.policy.PolicyCases.row;
import static health.custodian.security.policy.PolicyCases.user;
import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import health.custodian.security.policy.PolicyCases.Rules;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sensitivity labels and clearances (docs/security.md, "Sensitivity labels and clearances"): a
 * caller's clearances unhide their labels, for users and clients alike; the labels are configured.
 */
class ClearancePolicyTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // Clearances.
        row(
                "clearances unhide their labels",
                user(Role.CLINICIAN).clearances("R", "PSY", "HIV").build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi().hidden(minus(SENSITIVE, "R", "PSY", "HIV"))),
        row(
                "clearance for a label that needs none changes nothing",
                user(Role.CLINICIAN).clearances("N").build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi()),
        row(
                "clients need clearances too",
                client().scopes("system/*.rs").clearances("V").build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi().hidden(minus(SENSITIVE, "V"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rules(String name, Caller caller, Interaction interaction, String type, AccessRules e) {
    assertThat(POLICY.rules(caller, interaction, type)).isEqualTo(e);
  }

  @Test
  void sensitiveLabelsAreConfigurable() {
    PolicySettings settings =
        new PolicySettings(Set.of("R", "X-LOCAL"), Set.of(Role.CLINICIAN), Duration.ofHours(1));
    CustodianAccessPolicy policy =
        new CustodianAccessPolicy(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    AccessRules rules =
        policy.rules(user(Role.CLINICIAN).clearances("R").build(), Interaction.READ, "Observation");
    assertThat(rules.hiddenLabels()).containsExactly("X-LOCAL");
  }

  @Test
  void defaultSettingsMatchTheBoundDefaults() {
    assertThat(PolicySettings.defaults().breakGlassDuration()).isEqualTo(Duration.ofHours(4));
    assertThat(SENSITIVE).contains("R", "V", "PSY", "ETH", "HIV", "SUD").doesNotContain("N");
  }
}
