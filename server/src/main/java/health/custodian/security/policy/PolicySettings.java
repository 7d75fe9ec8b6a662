package health.custodian.security.policy;

import health.custodian.access.Role;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authorisation settings ({@code custodian.security.policy.*}).
 *
 * @param sensitiveLabels security label codes ({@code meta.security}) that need a matching
 *     clearance: by default v3-Confidentiality {@code R} (restricted) and {@code V} (very
 *     restricted) and the v3-ActCode information-sensitivity codes for behavioural health,
 *     psychotherapy notes, substance use, HIV, sexually transmitted disease, sexual and domestic
 *     violence, sexuality, social services, genetic disease, sickle cell, military sexual trauma
 *     and celebrities
 * @param breakGlassRoles roles whose users may break the glass (emergency access)
 * @param breakGlassDuration how long an emergency access grant lasts
 */
@ConfigurationProperties("custodian.security.policy")
public record PolicySettings(
    @DefaultValue({
          "R", "V", "BH", "PSY", "PSYTHPN", "ETH", "SUD", "HIV", "STD", "SDV", "SEX", "SOC", "GDIS",
          "SCA", "MST", "CEL"
        })
        Set<String> sensitiveLabels,
    @DefaultValue("clinician") Set<Role> breakGlassRoles,
    @DefaultValue("4h") Duration breakGlassDuration) {

  public PolicySettings {
    sensitiveLabels = Set.copyOf(sensitiveLabels);
    breakGlassRoles = Set.copyOf(breakGlassRoles);
    if (breakGlassDuration.isNegative() || breakGlassDuration.isZero()) {
      throw new IllegalArgumentException(
          "custodian.security.policy.break-glass-duration must be positive");
    }
  }

  /** The defaults, as bound when nothing is configured. */
  public static PolicySettings defaults() {
    return new PolicySettings(
        Set.of(
            "R", "V", "BH", "PSY", "PSYTHPN", "ETH", "SUD", "HIV", "STD", "SDV", "SEX", "SOC",
            "GDIS", "SCA", "MST", "CEL"),
        Set.of(Role.CLINICIAN),
        Duration.ofHours(4));
  }
}
