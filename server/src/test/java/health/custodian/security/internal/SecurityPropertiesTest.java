package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.Role;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The defaults issue #5 and docs/security.md promise, as Spring binds them when nothing is
 * configured: a 15-minute idle time-out, lockout after 5 failures for 15 minutes, 15-minute access
 * tokens, and TOTP for every role that sees other people's PHI.
 */
class SecurityPropertiesTest {

  private static SecurityProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("custodian.security", SecurityProperties.class);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    SecurityProperties p = bind(Map.of());
    assertThat(p.idleTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.maxFailedAttempts()).isEqualTo(5);
    assertThat(p.lockout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.refreshTokenTtl()).isEqualTo(Duration.ofHours(8));
    for (Role role : Role.values()) {
      boolean seesOthersPhi = role != Role.PATIENT && role != Role.ADMINISTRATOR;
      assertThat(p.mfaRequired(Set.of(role))).as(role.code()).isEqualTo(seesOthersPhi);
    }
    // A patient who also holds a PHI role needs the second factor.
    assertThat(p.mfaRequired(Set.of(Role.PATIENT, Role.CODER))).isTrue();
  }

  @Test
  void theRolesNeedingTotpAreConfigurable() {
    SecurityProperties p =
        bind(Map.of("custodian.security.mfa-required-roles", "patient,administrator"));
    assertThat(p.mfaRequired(Set.of(Role.PATIENT))).isTrue();
    assertThat(p.mfaRequired(Set.of(Role.ADMINISTRATOR))).isTrue();
    assertThat(p.mfaRequired(Set.of(Role.CLINICIAN))).isFalse();
  }
}
