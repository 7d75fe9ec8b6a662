package health.custodian.security.internal;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import health.custodian.platform.DataFolder;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/** Token signing and verification, and where clients and authorizations are stored. */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

  /** Signs ID tokens (RS256, OpenID Connect Core 1.0 section 15.1); access tokens before ES256. */
  @Bean
  RSAKey signingKey(DataFolder folder) {
    return SigningKeys.loadOrCreate(folder);
  }

  /** Signs access tokens (ES256: a 64-byte signature against RS256's 256). */
  @Bean
  ECKey accessTokenKey(DataFolder folder) {
    return SigningKeys.loadOrCreateAccessTokenKey(folder);
  }

  /** Since when access tokens are typed {@code at+jwt}; untyped ones issued before stay valid. */
  @Bean
  TypedAccessTokens typedAccessTokens(DataFolder folder) {
    return SigningKeys.typedAccessTokensSince(folder);
  }

  /**
   * Both keys, published at {@code /oauth2/jwks}. The encoder picks the key by the JWS header's
   * algorithm (RS256 an RSA key, ES256 a P-256 key), so each algorithm has exactly one key here.
   */
  @Bean
  JWKSource<SecurityContext> jwkSource(RSAKey signingKey, ECKey accessTokenKey) {
    return new ImmutableJWKSet<>(new JWKSet(List.<JWK>of(accessTokenKey, signingKey)));
  }

  /**
   * Access tokens must be signed by one of our keys (ES256 by the EC key, or RS256 by the RSA key
   * for tokens issued before ES256), unexpired (60 s clock skew), issued by us and meant for the
   * FHIR base (RFC 9068 section 4: iss, aud, exp are checked), and typed {@code at+jwt} (section 4;
   * untyped only if issued before {@link TypedAccessTokens#since()}). The key is chosen by the
   * header's algorithm and {@code kid}, never by anything else the token says, and only the two
   * algorithms are accepted. Replaced by {@link ExternalTokenConfiguration} when an external
   * provider issues the tokens.
   */
  @Bean
  @ConditionalOnBooleanProperty(
      name = ExternalProviderProperties.ENABLED,
      havingValue = false,
      matchIfMissing = true)
  JwtDecoder jwtDecoder(
      RSAKey signingKey,
      ECKey accessTokenKey,
      Issuer issuer,
      TypedAccessTokens typed,
      SecurityProperties properties) {
    JWKSet publicKeys = new JWKSet(List.of(accessTokenKey.toPublicJWK(), signingKey.toPublicJWK()));
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(publicKeys))
            .jwsAlgorithm(SignatureAlgorithm.ES256)
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .build();
    OAuth2TokenValidator<Jwt> validator =
        validator(issuer::issuer, issuer::audience, properties.clockSkew());
    // The type is checked once, with the signature: a remembered token's header cannot change.
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(AccessTokenTypes.builtIn(typed.since()), validator));
    return new VerifiedTokens(decoder, validator, VERIFIED_TOKENS);
  }

  /** Distinct access tokens whose signature is remembered (a few hundred bytes each). */
  static final int VERIFIED_TOKENS = 10_000;

  /** Expiry (present, not passed, 60 s skew), {@code nbf}, issuer and audience. */
  static OAuth2TokenValidator<Jwt> validator(Supplier<String> issuer, Supplier<String> audience) {
    return validator(issuer, audience, DEFAULT_CLOCK_SKEW);
  }

  /** The clock skew of {@code custodian.security.clock-skew} when not set. */
  static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** Expiry (present, not passed, {@code clockSkew} of leeway), {@code nbf}, issuer, audience. */
  static OAuth2TokenValidator<Jwt> validator(
      Supplier<String> issuer, Supplier<String> audience, Duration clockSkew) {
    OAuth2TokenValidator<Jwt> claims =
        jwt -> {
          if (jwt.getExpiresAt() == null) {
            return invalid("The token has no expiry");
          }
          // compared as text: converting the claim to a URL on every request cost more than the
          // rest of the claim checks together
          if (!issuedBy(jwt, issuer.get())) {
            return invalid("The token was issued by another issuer");
          }
          if (!meantFor(jwt, audience.get())) {
            return invalid("The token is meant for another audience");
          }
          return OAuth2TokenValidatorResult.success();
        };
    return new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(clockSkew), claims);
  }

  /**
   * Whether {@code iss} is this issuer. The decoder stores the claim as a string; reading it
   * through {@link Jwt#getClaimAsString} went through the conversion service on every request.
   */
  private static boolean issuedBy(Jwt jwt, String issuer) {
    if (jwt.getClaims().get(JwtClaimNames.ISS) instanceof String iss && iss.equals(issuer)) {
      return true;
    }
    return issuer.equals(jwt.getClaimAsString(JwtClaimNames.ISS));
  }

  /**
   * Whether {@code aud} names this audience. The decoder stores the claim as a list of strings;
   * {@link Jwt#getAudience} converted it again (a list type descriptor, element by element) on
   * every request. Anything else is judged by {@link Jwt#getAudience} as before.
   */
  private static boolean meantFor(Jwt jwt, String audience) {
    if (jwt.getClaims().get(JwtClaimNames.AUD) instanceof Collection<?> aud
        && aud.contains(audience)) {
      return true;
    }
    List<String> aud = jwt.getAudience();
    return aud != null && aud.contains(audience);
  }

  private static OAuth2TokenValidatorResult invalid(String description) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
  }

  @Bean
  RegisteredClientRepository registeredClients(JdbcTemplate jdbc) {
    return new JdbcRegisteredClientRepository(jdbc);
  }

  @Bean
  OAuth2AuthorizationService authorizations(JdbcTemplate jdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationService(jdbc, clients);
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
    AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
    String configured = properties.issuer();
    if (configured != null && !configured.isBlank()) {
      settings.issuer(configured);
    }
    return settings.build();
  }
}
