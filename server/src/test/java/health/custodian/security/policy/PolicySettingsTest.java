package health.custodian.security.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.custodian.access.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding of {@code custodian.security.policy.*} as Spring binds it at start-up. */
class PolicySettingsTest {

  private static PolicySettings bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("custodian.security.policy", PolicySettings.class);
  }

  @Test
  void defaults() {
    assertThat(bind(Map.of())).isEqualTo(PolicySettings.defaults());
  }

  @Test
  void configured() {
    PolicySettings settings =
        bind(
            Map.of(
                "custodian.security.policy.sensitive-labels", "R,V,X-LOCAL",
                "custodian.security.policy.break-glass-roles", "clinician,records-supervisor",
                "custodian.security.policy.break-glass-duration", "90m"));
    assertThat(settings.sensitiveLabels()).containsExactlyInAnyOrder("R", "V", "X-LOCAL");
    assertThat(settings.breakGlassRoles())
        .containsExactlyInAnyOrder(Role.CLINICIAN, Role.RECORDS_SUPERVISOR);
    assertThat(settings.breakGlassDuration()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void aDurationMustBePositive() {
    assertThatThrownBy(() -> bind(Map.of("custodian.security.policy.break-glass-duration", "0s")))
        .isInstanceOf(BindException.class);
  }
}
