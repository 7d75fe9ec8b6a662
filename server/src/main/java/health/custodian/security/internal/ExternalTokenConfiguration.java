package health.custodian.security.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Token verification when an external OpenID Connect provider issues the tokens: signature by a key
 * of the provider's JWKS (fetched on first use and cached, refetched for an unknown {@code kid}, so
 * key rotation needs no restart), expiry, issuer and audience exactly as for built-in tokens (RFC
 * 9068 section 4).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(ExternalProviderProperties.ENABLED)
class ExternalTokenConfiguration {

  @Bean
  JwtDecoder jwtDecoder(ExternalProviderProperties external) {
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
        TokenConfiguration.validator(() -> issuer, () -> audience);
    decoder.setJwtValidator(validator);
    return new VerifiedTokens(decoder, validator, TokenConfiguration.VERIFIED_TOKENS);
  }
}
