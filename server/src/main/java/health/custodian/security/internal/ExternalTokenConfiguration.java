package health.custodian.security.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Token verification when an external OpenID Connect provider issues the tokens: signature by a key
 * of the provider's JWKS (fetched on first use and cached, refetched for an unknown {@code kid}, so
 * key rotation needs no restart), expiry, issuer and audience exactly as for built-in tokens (RFC
 * 9068 section 4). The {@code typ} header is checked only when {@code token-types} is configured:
 * the common providers type access tokens {@code JWT} (Keycloak by default, Entra ID), which RFC
 * 9068 section 4 would refuse, and a check for {@code JWT} would not tell their access tokens from
 * their ID tokens anyway (RFC 8725 section 3.11); the audience check does that (ID tokens name the
 * client, not the FHIR base).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(ExternalProviderProperties.ENABLED)
class ExternalTokenConfiguration {

  @Bean
  JwtDecoder jwtDecoder(ExternalProviderProperties external, SecurityProperties properties) {
    String issuer = external.issuer();
    String audience = external.requiredAudience();
    // Keycloak signs with RS256 by default; a realm may choose PS256 or ES256 instead.
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSetUri(external.jwks())
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .jwsAlgorithm(SignatureAlgorithm.PS256)
            .jwsAlgorithm(SignatureAlgorithm.ES256)
            .build();
    OAuth2TokenValidator<Jwt> validator =
        TokenConfiguration.validator(() -> issuer, () -> audience, properties.clockSkew());
    decoder.setJwtValidator(firstDecode(external, validator));
    return new VerifiedTokens(decoder, validator, TokenConfiguration.VERIFIED_TOKENS);
  }

  /**
   * The validation of a token not seen before: the type when configured (a remembered token's
   * header cannot change), then the claims.
   */
  static OAuth2TokenValidator<Jwt> firstDecode(
      ExternalProviderProperties external, OAuth2TokenValidator<Jwt> claims) {
    if (external.tokenTypes().isEmpty()) {
      return claims;
    }
    return new DelegatingOAuth2TokenValidator<>(
        AccessTokenTypes.oneOf(external.tokenTypes()), claims);
  }
}
