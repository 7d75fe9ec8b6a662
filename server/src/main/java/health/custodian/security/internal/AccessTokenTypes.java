package health.custodian.security.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The JOSE {@code typ} header of bearer tokens (explicit typing, RFC 8725 section 3.11). Built-in
 * access tokens carry {@code typ: at+jwt} (RFC 9068 section 2.1) and the resource side refuses any
 * other type (section 4), so that an ID token or any other JWT signed by the server's keys is never
 * taken for an access token. Tokens without {@code typ} are accepted only when issued before {@link
 * TypedAccessTokens#since()}, i.e. by a version that did not type its tokens; they expire within
 * the access-token lifetime of that version. Spring Security 7's {@code NimbusJwtDecoder} does not
 * check {@code typ} itself (its builders switch Nimbus's type verifier off and leave the check to
 * {@code JwtTypeValidator} in the default validators, which Custodian replaces with its own).
 */
final class AccessTokenTypes {

  /** RFC 9068 section 2.1: the {@code application/} prefix omitted, as RFC 7515 recommends. */
  static final String AT_JWT = "at+jwt";

  static final String TYP = "typ";

  private AccessTokenTypes() {}

  /**
   * Whether {@code typ} names the media type {@code type}: media types compare case-insensitively
   * and a value without a slash stands for {@code application/<value>} (RFC 7515 section 4.1.9), so
   * {@code at+jwt}, {@code AT+JWT} and {@code application/at+jwt} are the same type.
   */
  static boolean sameType(@Nullable String typ, String type) {
    return typ != null && mediaType(typ).equals(mediaType(type));
  }

  private static String mediaType(String typ) {
    String lower = typ.trim().toLowerCase(Locale.ROOT);
    return lower.indexOf('/') < 0 ? "application/" + lower : lower;
  }

  /**
   * Built-in tokens: {@code at+jwt}, or no {@code typ} at all and an {@code iat} before {@code
   * untypedBefore} (a token of the version before typed tokens, still unexpired).
   */
  static OAuth2TokenValidator<Jwt> builtIn(Instant untypedBefore) {
    return jwt -> {
      Object typ = jwt.getHeaders().get(TYP);
      if (typ == null) {
        Instant issued = jwt.getIssuedAt();
        return issued != null && issued.isBefore(untypedBefore)
            ? OAuth2TokenValidatorResult.success()
            : invalid("The token is not typed as an access token");
      }
      return typ instanceof String s && sameType(s, AT_JWT)
          ? OAuth2TokenValidatorResult.success()
          : invalid("The token is not an access token");
    };
  }

  /**
   * An external provider's tokens must carry one of {@code types} (as {@link #sameType} compares);
   * a token without {@code typ} is refused. Only used when types are configured.
   */
  static OAuth2TokenValidator<Jwt> oneOf(List<String> types) {
    List<String> accepted = List.copyOf(types);
    return jwt ->
        jwt.getHeaders().get(TYP) instanceof String typ
                && accepted.stream().anyMatch(t -> sameType(typ, t))
            ? OAuth2TokenValidatorResult.success()
            : invalid("The token is not of an accepted type");
  }

  private static OAuth2TokenValidatorResult invalid(String description) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
  }
}
