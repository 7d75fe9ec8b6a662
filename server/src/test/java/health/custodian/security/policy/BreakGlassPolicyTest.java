package health.custodian.security.policy;

import static health.custodian.security.policy.PolicyCases.NOW;
import static health.custodian.security.policy.PolicyCases.POLICY;
import static health.custodian.security.policy.PolicyCases.SENSITIVE;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Break-the-glass in the policy (docs/security.md, "Break-the-glass"): an active grant lifts labels
 * and Consent for clinical and demographic reads only, tags every access as emergency, adds no
 * permission, and ends with its expiry; the roles that may break the glass are configured.
 */
class BreakGlassPolicyTest {

  static Stream<Arguments> cases() {
    Instant inFourHours = NOW.plus(Duration.ofHours(4));
    Caller.BreakGlass active = new Caller.BreakGlass("bg1", "reason", NOW, inFourHours);
    Caller.BreakGlass expired =
        new Caller.BreakGlass("bg0", "reason", NOW.minus(Duration.ofHours(4)), NOW);
    return Stream.of(
        // Break-glass: lifts labels and Consent for clinical reads, tags every access.
        row(
                "break-glass read",
                user(Role.CLINICIAN).breakGlass(active).build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi().hidden(Set.of()).consent(false).emergency(true)),
        row(
                "break-glass search of demographics",
                user(Role.CLINICIAN).breakGlass(active).build(),
                Interaction.SEARCH,
                "Patient")
            .expect(Rules.phi().hidden(Set.of()).consent(false).emergency(true)),
        row(
                "break-glass history",
                user(Role.CLINICIAN).breakGlass(active).build(),
                Interaction.HISTORY,
                "Condition")
            .expect(Rules.phi().hidden(Set.of()).consent(false).emergency(true)),
        row(
                "break-glass never lifts for writes",
                user(Role.CLINICIAN).breakGlass(active).build(),
                Interaction.UPDATE,
                "Observation")
            .expect(Rules.phi().emergency(true)),
        row(
                "break-glass never lifts for operations",
                user(Role.CLINICIAN).breakGlass(active).build(),
                Interaction.OPERATION,
                "Observation")
            .expect(Rules.phi().emergency(true)),
        row(
                "break-glass does not lift for financial data",
                user(Role.CLINICIAN).breakGlass(active).build(),
                Interaction.READ,
                "Coverage")
            .expect(Rules.phi().emergency(true)),
        row(
                "break-glass never lifts for exports",
                user(Role.DATA_ANALYST, Role.CLINICIAN).breakGlass(active).build(),
                Interaction.EXPORT,
                "Observation")
            .expect(Rules.phi().emergency(true)),
        row(
                "break-glass adds no permission",
                user(Role.CLINICIAN).breakGlass(active).build(),
                Interaction.DELETE,
                "Observation")
            .expect(AccessRules.refused("role")),
        row(
                "break-glass of a role that may not break it lifts nothing",
                user(Role.DATA_ANALYST).breakGlass(active).build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi().emergency(true)),
        row(
                "break-glass within scopes",
                user(Role.CLINICIAN)
                    .scopes("patient/Observation.rs")
                    .patient("p9")
                    .breakGlass(active)
                    .build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi().patients("p9").hidden(Set.of()).consent(false).emergency(true)),
        row(
                "expired break-glass",
                user(Role.CLINICIAN).breakGlass(expired).build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi()),
        row(
                "break-glass does not apply to directory types",
                user(Role.CLINICIAN).breakGlass(active).build(),
                Interaction.READ,
                "Practitioner")
            .expect(Rules.open().emergency(true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rules(String name, Caller caller, Interaction interaction, String type, AccessRules e) {
    assertThat(POLICY.rules(caller, interaction, type)).isEqualTo(e);
  }

  @Test
  void breakGlassRolesAreConfigurable() {
    PolicySettings settings =
        new PolicySettings(SENSITIVE, Set.of(Role.RECORDS_SUPERVISOR), Duration.ofHours(1));
    CustodianAccessPolicy policy =
        new CustodianAccessPolicy(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    Caller.BreakGlass active = new Caller.BreakGlass("bg", "r", NOW, NOW.plusSeconds(60));
    assertThat(
            policy
                .rules(
                    user(Role.RECORDS_SUPERVISOR).breakGlass(active).build(),
                    Interaction.READ,
                    "Observation")
                .hiddenLabels())
        .isEmpty();
    assertThat(
            policy
                .rules(
                    user(Role.CLINICIAN).breakGlass(active).build(),
                    Interaction.READ,
                    "Observation")
                .hiddenLabels())
        .isEqualTo(SENSITIVE);
  }

  @Test
  void breakGlassEndsWithItsExpiry() {
    Instant expires = NOW.plus(Duration.ofHours(4));
    Caller caller =
        user(Role.CLINICIAN)
            .breakGlass(new Caller.BreakGlass("bg", "reason", NOW, expires))
            .build();
    AccessRules during =
        new CustodianAccessPolicy(
                PolicySettings.defaults(), Clock.fixed(expires.minusMillis(1), ZoneOffset.UTC))
            .rules(caller, Interaction.READ, "Observation");
    AccessRules after =
        new CustodianAccessPolicy(PolicySettings.defaults(), Clock.fixed(expires, ZoneOffset.UTC))
            .rules(caller, Interaction.READ, "Observation");
    assertThat(during.emergency()).isTrue();
    assertThat(during.applyConsent()).isFalse();
    assertThat(after.emergency()).isFalse();
    assertThat(after.applyConsent()).isTrue();
    assertThat(after.hiddenLabels()).isEqualTo(SENSITIVE);
  }
}
