package health.custodian.security.internal;

import health.custodian.access.Role;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custodian.security.*}: authentication settings.
 *
 * @param issuer the token issuer ({@code iss}) and authorization server URL; default {@code
 *     http://localhost:<port>} (set it when the server is reached under another name or behind a
 *     proxy)
 * @param audience the {@code aud} of access tokens; default the FHIR base, issuer + {@code /fhir}
 * @param accessTokenTtl lifetime of access tokens
 * @param refreshTokenTtl lifetime of refresh tokens (authorization code clients only)
 * @param clockSkew how long past its {@code exp} (and before its {@code nbf}) a bearer token is
 *     still accepted, for clocks that differ between issuer and server (RFC 7519 sections 4.1.4-5
 *     allow "some small leeway")
 * @param idleTimeout sign-in sessions end after this long without a request (server-enforced)
 * @param maxFailedAttempts failed sign-ins in a row that lock an account
 * @param lockout how long a locked account stays locked
 * @param mfaRequiredRoles roles whose users must sign in with a TOTP code (the roles that see PHI)
 */
@ConfigurationProperties("custodian.security")
public record SecurityProperties(
    @Nullable String issuer,
    @Nullable String audience,
    @DefaultValue("15m") Duration accessTokenTtl,
    @DefaultValue("8h") Duration refreshTokenTtl,
    @DefaultValue("60s") Duration clockSkew,
    @DefaultValue("15m") Duration idleTimeout,
    @DefaultValue("5") int maxFailedAttempts,
    @DefaultValue("15m") Duration lockout,
    @DefaultValue({
          "clinician",
          "coder",
          "records-supervisor",
          "billing-specialist",
          "compliance-auditor",
          "data-analyst"
        })
        Set<String> mfaRequiredRoles) {

  /** Whether a user holding {@code roles} must pass the TOTP step. */
  public boolean mfaRequired(Set<Role> roles) {
    return roles.stream().anyMatch(r -> mfaRequiredRoles.contains(r.code()));
  }
}
