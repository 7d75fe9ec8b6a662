package health.custodian.security.policy;

import static health.custodian.security.policy.PolicyCases.POLICY;
import static health.custodian.security.policy.PolicyCases.row;
import static health.custodian.security.policy.PolicyCases.user;
import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import health.custodian.security.policy.PolicyCases.Rules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SMART scopes against users' roles (docs/security.md, "SMART scopes and roles"): scopes narrow the
 * roles, v1 equivalents, malformed scopes ignored, {@code patient/} scopes bound to the caller's
 * patient, granular scopes as search filters.
 */
class ScopePolicyTest {

  static Stream<Arguments> cases() {
    Map<String, List<String>> lab = Map.of("category", List.of("laboratory"));
    Map<String, List<String>> vitals = Map.of("category", List.of("vital-signs"));
    Map<String, List<String>> labCode = new LinkedHashMap<>();
    labCode.put("category", List.of("laboratory"));
    labCode.put("code", List.of("http://loinc.org|2345-7"));
    Map<String, List<String>> dates = Map.of("date", List.of("ge2020-01-01", "lt2021-01-01"));
    return Stream.of(
        // Scopes narrow a user's roles.
        row(
                "user/ scope grants what it names",
                user(Role.CLINICIAN).scopes("user/Observation.rs").build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi()),
        row(
                "user/ scope without c",
                user(Role.CLINICIAN).scopes("user/Observation.rs").build(),
                Interaction.CREATE,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "user/ scope of another type",
                user(Role.CLINICIAN).scopes("user/Observation.rs").build(),
                Interaction.READ,
                "Condition")
            .expect(AccessRules.refused("scope")),
        row(
                "scopes never exceed the role",
                user(Role.CLINICIAN).scopes("user/*.cruds").build(),
                Interaction.DELETE,
                "Observation")
            .expect(AccessRules.refused("role")),
        row(
                "wildcard type",
                user(Role.CLINICIAN).scopes("user/*.cruds").build(),
                Interaction.UPDATE,
                "Condition")
            .expect(Rules.phi()),
        row(
                "token without resource scopes gets nothing",
                user(Role.CLINICIAN).scopes("openid", "fhirUser", "offline_access").build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "system/ scopes are not for users",
                user(Role.CLINICIAN).scopes("system/*.rs").build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("scope")),
        // SMART v1 equivalents: read = rs, write = cud, * = cruds.
        row(
                "v1 read allows search",
                user(Role.CLINICIAN).scopes("user/Observation.read").build(),
                Interaction.SEARCH,
                "Observation")
            .expect(Rules.phi()),
        row(
                "v1 read refuses create",
                user(Role.CLINICIAN).scopes("user/Observation.read").build(),
                Interaction.CREATE,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "v1 write allows patch",
                user(Role.CLINICIAN).scopes("user/Observation.write").build(),
                Interaction.PATCH,
                "Observation")
            .expect(Rules.phi()),
        row(
                "v1 write refuses search",
                user(Role.CLINICIAN).scopes("user/Observation.write").build(),
                Interaction.SEARCH,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "v1 *.* allows all the role allows",
                user(Role.RECORDS_SUPERVISOR).scopes("user/*.*").build(),
                Interaction.DELETE,
                "Encounter")
            .expect(Rules.phi()),
        // Malformed scopes are ignored, never guessed at.
        row(
                "unknown permission letter",
                user(Role.CLINICIAN).scopes("user/Observation.rx").build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "letters out of order",
                user(Role.CLINICIAN).scopes("user/Observation.sr").build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "lower-case type",
                user(Role.CLINICIAN).scopes("user/observation.rs").build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "v1 with a query",
                user(Role.CLINICIAN).scopes("user/Observation.read?category=laboratory").build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("scope")),
        // patient/ scopes bind to the caller's patient.
        row(
                "patient/ scope binds to the launch patient",
                user(Role.CLINICIAN).scopes("patient/Observation.rs").patient("p9").build(),
                Interaction.SEARCH,
                "Observation")
            .expect(Rules.phi().patients("p9")),
        row(
                "patient/ scope without a patient",
                user(Role.CLINICIAN).scopes("patient/Observation.rs").build(),
                Interaction.SEARCH,
                "Observation")
            .expect(AccessRules.refused("patient-context")),
        row(
                "user/ scopes decide over patient/ ones",
                user(Role.CLINICIAN)
                    .scopes("patient/Observation.rs", "user/Observation.rs?category=laboratory")
                    .patient("p9")
                    .build(),
                Interaction.SEARCH,
                "Observation")
            .expect(Rules.phi().filters(lab)),
        // Granular scopes.
        row(
                "granular scope",
                user(Role.CLINICIAN)
                    .scopes("patient/Observation.rs?category=laboratory")
                    .patient("p9")
                    .build(),
                Interaction.SEARCH,
                "Observation")
            .expect(Rules.phi().patients("p9").filters(lab)),
        row(
                "granular scopes of one type are ORed",
                user(Role.PATIENT)
                    .scopes(
                        "patient/Observation.rs?category=laboratory",
                        "patient/Observation.rs?category=vital-signs")
                    .patient("p1")
                    .build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi().patients("p1").filters(lab, vitals)),
        row(
                "an unfiltered scope makes filters moot",
                user(Role.CLINICIAN)
                    .scopes("user/Observation.rs?category=laboratory", "user/Observation.rs")
                    .build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi()),
        row(
                "granular scope of another permission does not apply",
                user(Role.CLINICIAN)
                    .scopes("user/Observation.rs", "user/Observation.c?category=laboratory")
                    .build(),
                Interaction.CREATE,
                "Observation")
            .expect(Rules.phi().filters(lab)),
        row(
                "several parameters AND, values url-decoded",
                user(Role.CLINICIAN)
                    .scopes(
                        "user/Observation.rs?category=laboratory&code=http://loinc.org%7C2345-7")
                    .build(),
                Interaction.SEARCH,
                "Observation")
            .expect(Rules.phi().filters(labCode)),
        row(
                "a repeated parameter keeps both values",
                user(Role.CLINICIAN)
                    .scopes("user/Observation.rs?date=ge2020-01-01&date=lt2021-01-01")
                    .build(),
                Interaction.SEARCH,
                "Observation")
            .expect(Rules.phi().filters(dates)),
        row(
                "malformed query",
                user(Role.CLINICIAN).scopes("user/Observation.rs?category").build(),
                Interaction.SEARCH,
                "Observation")
            .expect(AccessRules.refused("scope")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rules(String name, Caller caller, Interaction interaction, String type, AccessRules e) {
    assertThat(POLICY.rules(caller, interaction, type)).isEqualTo(e);
  }
}
