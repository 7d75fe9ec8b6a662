package health.custodian.security.policy;

import static health.custodian.security.policy.PolicyCases.POLICY;
import static health.custodian.security.policy.PolicyCases.user;
import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import health.custodian.security.policy.PolicyCases.Rules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The role x interaction matrix, cell by cell: the one documented in docs/security.md
 * ("Authorisation", "Role matrix"); the letters are SMART's {@code cruds} plus {@code x} (export)
 * and {@code i} (import). Each cell is checked for every interaction, allowed or not.
 */
class RoleMatrixTest {

  private static final List<Role> COLUMNS =
      List.of(
          Role.CLINICIAN,
          Role.CODER,
          Role.RECORDS_SUPERVISOR,
          Role.BILLING_SPECIALIST,
          Role.COMPLIANCE_AUDITOR,
          Role.DATA_ANALYST,
          Role.PATIENT,
          Role.ADMINISTRATOR);

  // type, then one column per role in COLUMNS order; "-" for nothing.
  private static final String MATRIX =
      """
      Observation         crus  rs    crudsi -      -    rsx  rs  -
      DocumentReference   crus  rs    crudsi -      -    rsx  rs  -
      Condition           crus  rus   crudsi -      -    rsx  rs  -
      Procedure           crus  rus   crudsi -      -    rsx  rs  -
      Encounter           crus  rus   crudsi rs     -    rsx  rs  -
      CustomUnknownType   crus  rs    crudsi -      -    rsx  rs  -
      Patient             crus  rs    crudsi rus    rs   rsx  rs  -
      RelatedPerson       crus  rs    crudsi rus    rs   rsx  rs  -
      Claim               -     crus  -      cruds  -    rsx  rs  -
      ExplanationOfBenefit -    -     -      cruds  -    rsx  rs  -
      Coverage            rs    rs    -      cruds  -    rsx  rs  -
      Account             -     rs    -      cruds  -    rsx  rs  -
      Consent             rs    -     cruds  -      rs   -    rs  -
      Practitioner        rs    rs    rs     rs     rs   rsx  rs  crudsix
      Organization        rs    rs    rs     rs     rs   rsx  rs  crudsix
      Location            rs    rs    rs     rs     rs   rsx  rs  crudsix
      AuditEvent          -     -     -      -      rsx  -    -   rsx
      SearchParameter     rs    rs    rs     rs     rs   rs   rs  crudsix
      ValueSet            rs    rs    rs     rs     rs   rs   rs  crudsix
      """;

  static Stream<Arguments> roleMatrix() {
    List<Arguments> cases = new ArrayList<>();
    for (String line : MATRIX.strip().split("\n")) {
      String[] cells = line.trim().split("\\s+");
      String type = cells[0];
      for (int col = 0; col < COLUMNS.size(); col++) {
        Role role = COLUMNS.get(col);
        Set<Interaction> allowed = interactions(cells[col + 1]);
        if (type.equals("AuditEvent") && role == Role.ADMINISTRATOR) {
          allowed = EnumSet.noneOf(Interaction.class);
        }
        for (Interaction interaction : Interaction.values()) {
          AccessRules expected;
          if (type.equals("AuditEvent") && interaction.writes()) {
            expected = AccessRules.refused("read-only");
          } else if (!allowed.contains(interaction)) {
            expected = AccessRules.refused("role");
          } else {
            Rules r = patientData(type) ? Rules.phi() : Rules.open();
            expected = (role == Role.PATIENT ? r.patients("p1") : r).build();
          }
          cases.add(
              Arguments.of(
                  role.code() + " " + interaction + " " + type,
                  user(role).patient(role == Role.PATIENT ? "p1" : null).build(),
                  interaction,
                  type,
                  expected));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roleMatrix")
  void roleMatrix(String name, Caller caller, Interaction interaction, String type, AccessRules e) {
    assertThat(POLICY.rules(caller, interaction, type)).isEqualTo(e);
  }

  private static boolean patientData(String type) {
    return !Set.of(
            "Practitioner", "Organization", "Location", "AuditEvent", "SearchParameter", "ValueSet")
        .contains(type);
  }

  private static Set<Interaction> interactions(String letters) {
    Set<Interaction> set = EnumSet.noneOf(Interaction.class);
    if (letters.equals("-")) {
      return set;
    }
    for (char c : letters.toCharArray()) {
      switch (c) {
        case 'c' -> set.add(Interaction.CREATE);
        case 'r' -> set.addAll(List.of(Interaction.READ, Interaction.VREAD, Interaction.HISTORY));
        case 'u' -> set.addAll(List.of(Interaction.UPDATE, Interaction.PATCH));
        case 'd' -> set.add(Interaction.DELETE);
        case 's' -> set.addAll(List.of(Interaction.SEARCH, Interaction.OPERATION));
        case 'x' -> set.add(Interaction.EXPORT);
        case 'i' -> set.add(Interaction.IMPORT);
        default -> throw new IllegalArgumentException(letters);
      }
    }
    return set;
  }
}
