package health.custodian.security.internal;

import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A {@link JwtDecoder} that checks each access token's signature once: a client sends the same
 * bearer token with every request until it expires, and the signature verification and claims
 * parsing were the largest single cost of a protected read (docs/benchmarks.md, "Protected
 * gateway"). A token seen before is found by its exact text (the cached {@link Jwt} holds that text
 * anyway, as {@link Jwt#getTokenValue()}; hashing a kilobyte of token per request cost more than
 * the lookup) and its claims are validated again on every use (expiry, not-before, issuer,
 * audience), so a cached token stops working exactly when a fresh decode would refuse it. The cache
 * is bounded: when full it is emptied, and the next requests verify again.
 */
final class VerifiedTokens implements JwtDecoder {

  private final JwtDecoder decoder;
  private final OAuth2TokenValidator<Jwt> validator;
  private final int capacity;
  private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

  /**
   * @param decoder verifies the signature and validates the claims of a token not seen before
   * @param validator the same claims validation, repeated for a token seen before
   */
  VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, int capacity) {
    this.decoder = decoder;
    this.validator = validator;
    this.capacity = capacity;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    String key = token;
    Jwt jwt = verified.get(key);
    if (jwt == null) {
      jwt = decoder.decode(token);
      if (verified.size() >= capacity) {
        verified.clear();
      }
      verified.put(key, jwt);
      return jwt;
    }
    OAuth2TokenValidatorResult result = validator.validate(jwt);
    if (result.hasErrors()) {
      verified.remove(key);
      throw new JwtValidationException(
          result.getErrors().iterator().next().getDescription(), result.getErrors());
    }
    return jwt;
  }
}
