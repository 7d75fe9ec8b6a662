package health.custodian.security.policy;

import static health.custodian.security.policy.PolicyCases.POLICY;
import static health.custodian.security.policy.PolicyCases.client;
import static health.custodian.security.policy.PolicyCases.row;
import static health.custodian.security.policy.PolicyCases.user;
import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import health.custodian.security.policy.PolicyCases.Rules;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy by kind of caller: the server itself, anonymous callers, users without roles, backend
 * clients (their scopes alone decide) and patient users (bound to their own compartment).
 */
class CallerKindPolicyTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // Callers that are not users or clients.
        row("system caller", Caller.system("sched"), Interaction.DELETE, "Observation")
            .expect(AccessRules.unrestricted()),
        row("anonymous", Caller.anonymous("10.0.0.1"), Interaction.READ, "Observation")
            .expect(AccessRules.refused("unauthenticated")),
        row("user without roles", user().build(), Interaction.READ, "Observation")
            .expect(AccessRules.refused("role")),
        // Backend clients: their scopes alone.
        row(
                "client system/ scope",
                client().scopes("system/*.rs").build(),
                Interaction.SEARCH,
                "Observation")
            .expect(Rules.phi()),
        row(
                "client export needs s",
                client().scopes("system/*.rs").build(),
                Interaction.EXPORT,
                "Patient")
            .expect(Rules.phi()),
        row(
                "client without c",
                client().scopes("system/*.rs").build(),
                Interaction.CREATE,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "client import needs c",
                client().scopes("system/Observation.c").build(),
                Interaction.IMPORT,
                "Observation")
            .expect(Rules.phi()),
        row("client without scopes", client().build(), Interaction.READ, "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "client roles are ignored",
                client().roles(Role.RECORDS_SUPERVISOR).build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "client user/ scopes are ignored",
                client().scopes("user/*.cruds").build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("scope")),
        row(
                "client patient/ scope without a patient",
                client().scopes("patient/*.rs").build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("patient-context")),
        row(
                "client directory read",
                client().scopes("system/Practitioner.rs").build(),
                Interaction.READ,
                "Practitioner")
            .expect(Rules.open()),
        row(
                "client may not write the audit log",
                client().scopes("system/*.cruds").build(),
                Interaction.CREATE,
                "AuditEvent")
            .expect(AccessRules.refused("read-only")),
        row(
                "client with the scope reads the audit log",
                client().scopes("system/AuditEvent.rs").build(),
                Interaction.SEARCH,
                "AuditEvent")
            .expect(Rules.open()),
        // Patients.
        row(
                "patient user without a patient id gets nothing",
                user(Role.PATIENT).build(),
                Interaction.READ,
                "Observation")
            .expect(AccessRules.refused("patient-context")),
        row(
                "patient with an app's patient/ scopes",
                user(Role.PATIENT).scopes("patient/*.rs").patient("p1").build(),
                Interaction.SEARCH,
                "Condition")
            .expect(Rules.phi().patients("p1")),
        row(
                "patient app's user/ scope stays in the compartment",
                user(Role.PATIENT).scopes("user/*.rs").patient("p1").build(),
                Interaction.SEARCH,
                "Condition")
            .expect(Rules.phi().patients("p1")),
        row(
                "patient's scopes cannot add writes",
                user(Role.PATIENT).scopes("patient/*.cruds").patient("p1").build(),
                Interaction.UPDATE,
                "Observation")
            .expect(AccessRules.refused("role")),
        row(
                "a second role lifts the compartment binding",
                user(Role.PATIENT, Role.CLINICIAN).patient("p1").build(),
                Interaction.READ,
                "Observation")
            .expect(Rules.phi()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rules(String name, Caller caller, Interaction interaction, String type, AccessRules e) {
    assertThat(POLICY.rules(caller, interaction, type)).isEqualTo(e);
  }
}
