package health.custodian.security.policy;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the policy tests share: the policy under test at a fixed instant, callers built up from the
 * common cases, and expected rules as data ((caller, interaction, type) to the rules).
 */
final class PolicyCases {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Set<String> SENSITIVE = PolicySettings.defaults().sensitiveLabels();
  static final CustodianAccessPolicy POLICY =
      new CustodianAccessPolicy(PolicySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

  private PolicyCases() {}

  static Set<String> minus(Set<String> all, String... removed) {
    Set<String> result = new HashSet<>(all);
    result.removeAll(Set.of(removed));
    return result;
  }

  static Row row(String name, Caller caller, Interaction interaction, String type) {
    return new Row(name, caller, interaction, type);
  }

  record Row(String name, Caller caller, Interaction interaction, String type) {
    Arguments expect(AccessRules rules) {
      return Arguments.of(name, caller, interaction, type, rules);
    }

    Arguments expect(Rules rules) {
      return expect(rules.build());
    }
  }

  /** Expected permitted rules, built up from the common cases. */
  record Rules(
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
