package health.custodian.security.policy;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy as data: (caller, interaction, type) to the expected rules. The role matrix below is
 * the one documented in docs/security.md ("Authorisation"); the letters are SMART's {@code cruds}
 * plus {@code x} (export) and {@code i} (import).
 */
class AccessPolicyTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Set<String> SENSITIVE = PolicySettings.defaults().sensitiveLabels();
  private static final CustodianAccessPolicy POLICY =
      new CustodianAccessPolicy(PolicySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

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

  static Stream<Arguments> cases() {
    Instant inFourHours = NOW.plus(Duration.ofHours(4));
    Caller.BreakGlass active = new Caller.BreakGlass("bg1", "reason", NOW, inFourHours);
    Caller.BreakGlass expired =
        new Caller.BreakGlass("bg0", "reason", NOW.minus(Duration.ofHours(4)), NOW);
    Map<String, List<String>> lab = Map.of("category", List.of("laboratory"));
    Map<String, List<String>> vitals = Map.of("category", List.of("vital-signs"));
    Map<String, List<String>> labCode = new LinkedHashMap<>();
    labCode.put("category", List.of("laboratory"));
    labCode.put("code", List.of("http://loinc.org|2345-7"));
    Map<String, List<String>> dates = Map.of("date", List.of("ge2020-01-01", "lt2021-01-01"));
    return Stream.of(
        // Callers that are not users or clients.
        row("system caller", Caller.system("sched"), Interaction.DELETE, "Observation")
            .expect(AccessRules.unrestricted()),
        row("anonymous", Caller.anonymous("10.0.0.1"), Interaction.READ, "Observation")
            .expect(AccessRules.refused("unauthenticated")),
        row("user without roles", user().build(), Interaction.READ, "Observation")
            .expect(AccessRules.refused("role")),
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
            .expect(AccessRules.refused("scope")),
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
            .expect(Rules.phi()),
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
            .expect(Rules.phi().hidden(minus(SENSITIVE, "V"))),
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

  @Test
  void defaultSettingsMatchTheBoundDefaults() {
    assertThat(PolicySettings.defaults().breakGlassDuration()).isEqualTo(Duration.ofHours(4));
    assertThat(SENSITIVE).contains("R", "V", "PSY", "ETH", "HIV", "SUD").doesNotContain("N");
  }

  // ---- helpers

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

  private static Set<String> minus(Set<String> all, String... removed) {
    Set<String> result = new HashSet<>(all);
    result.removeAll(Set.of(removed));
    return result;
  }

  private static Row row(String name, Caller caller, Interaction interaction, String type) {
    return new Row(name, caller, interaction, type);
  }

  private record Row(String name, Caller caller, Interaction interaction, String type) {
    Arguments expect(AccessRules rules) {
      return Arguments.of(name, caller, interaction, type, rules);
    }

    Arguments expect(Rules rules) {
      return expect(rules.build());
    }
  }

  /** Expected permitted rules, built up from the common cases. */
  private record Rules(
      @Nullable Set<String> patients,
      List<Map<String, List<String>>> filters,
      Set<String> hidden,
      boolean consent,
      boolean emergency) {

    /** Patient data: every sensitive label hidden, Consent applies. */
    static Rules phi() {
      return new Rules(null, List.of(), SENSITIVE, true, false);
    }

    /** Directory, audit and conformance types: no filter at all. */
    static Rules open() {
      return new Rules(null, List.of(), Set.of(), false, false);
    }

    Rules patients(String... ids) {
      return new Rules(Set.of(ids), filters, hidden, consent, emergency);
    }

    @SafeVarargs
    final Rules filters(Map<String, List<String>>... f) {
      return new Rules(patients, List.of(f), hidden, consent, emergency);
    }

    Rules hidden(Set<String> labels) {
      return new Rules(patients, filters, labels, consent, emergency);
    }

    Rules consent(boolean on) {
      return new Rules(patients, filters, hidden, on, emergency);
    }

    Rules emergency(boolean on) {
      return new Rules(patients, filters, hidden, consent, on);
    }

    AccessRules build() {
      return new AccessRules(true, null, patients, filters, hidden, consent, emergency);
    }
  }

  static CallerBuilder user(Role... roles) {
    return new CallerBuilder(Caller.Kind.USER, "user-1").roles(roles);
  }

  static CallerBuilder client() {
    return new CallerBuilder(Caller.Kind.CLIENT, "client-1");
  }

  /** Builds test callers. */
  static final class CallerBuilder {
    private final Caller.Kind kind;
    private final String id;
    private Set<Role> roles = Set.of();
    private Set<String> scopes = Set.of();
    private @Nullable String patientId;
    private Set<String> clearances = Set.of();
    private Caller.@Nullable BreakGlass breakGlass;

    CallerBuilder(Caller.Kind kind, String id) {
      this.kind = kind;
      this.id = id;
    }

    CallerBuilder roles(Role... r) {
      roles = r.length == 0 ? Set.of() : EnumSet.copyOf(List.of(r));
      return this;
    }

    CallerBuilder scopes(String... s) {
      scopes = Set.of(s);
      return this;
    }

    CallerBuilder patient(@Nullable String id) {
      patientId = id;
      return this;
    }

    CallerBuilder clearances(String... c) {
      clearances = Set.of(c);
      return this;
    }

    CallerBuilder breakGlass(Caller.BreakGlass bg) {
      breakGlass = bg;
      return this;
    }

    Caller build() {
      return new Caller(
          id, kind, roles, scopes, patientId, Set.of(), clearances, breakGlass, null, null);
    }
  }
}
