package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** The {@code typ} rules of built-in and external tokens, without a server. */
class AccessTokenTypesTest {

  private static final Instant SINCE = Instant.parse("2026-11-27T12:00:00Z");

  private static Jwt jwt(@Nullable String typ, Instant issued) {
    Map<String, Object> headers = new HashMap<>();
    headers.put("alg", "ES256");
    if (typ != null) {
      headers.put("typ", typ);
    }
    return new Jwt("t", issued, issued.plusSeconds(900), headers, Map.of("sub", "x"));
  }

  private static boolean valid(OAuth2TokenValidator<Jwt> validator, Jwt jwt) {
    return !validator.validate(jwt).hasErrors();
  }

  @Test
  void sameTypeComparesMediaTypes() {
    assertThat(AccessTokenTypes.sameType("at+jwt", "at+jwt")).isTrue();
    assertThat(AccessTokenTypes.sameType("AT+JWT", "at+jwt")).isTrue();
    assertThat(AccessTokenTypes.sameType("application/at+jwt", "at+jwt")).isTrue();
    assertThat(AccessTokenTypes.sameType("at+jwt", "Application/AT+jwt")).isTrue();
    assertThat(AccessTokenTypes.sameType("JWT", "at+jwt")).isFalse();
    assertThat(AccessTokenTypes.sameType("text/at+jwt", "at+jwt")).isFalse();
    assertThat(AccessTokenTypes.sameType("", "at+jwt")).isFalse();
    assertThat(AccessTokenTypes.sameType(null, "at+jwt")).isFalse();
  }

  @Test
  void builtInTokensMustBeAtJwtOrUntypedFromBeforeTheUpgrade() {
    OAuth2TokenValidator<Jwt> builtIn = AccessTokenTypes.builtIn(SINCE);
    Instant after = SINCE.plusSeconds(5);
    assertThat(valid(builtIn, jwt("at+jwt", after))).isTrue();
    assertThat(valid(builtIn, jwt("application/at+jwt", after))).isTrue();
    assertThat(valid(builtIn, jwt("JWT", after))).isFalse();
    assertThat(valid(builtIn, jwt("JWT", SINCE.minusSeconds(5)))).isFalse();
    assertThat(valid(builtIn, jwt("", after))).isFalse();
    // untyped: only a token of the version before
    assertThat(valid(builtIn, jwt(null, SINCE.minusSeconds(1)))).isTrue();
    assertThat(valid(builtIn, jwt(null, SINCE))).isFalse();
    assertThat(valid(builtIn, jwt(null, after))).isFalse();
    assertThat(builtIn.validate(jwt("JWT", after)).getErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.getErrorCode()).isEqualTo("invalid_token"));
  }

  @Test
  void externalTokensAreCheckedOnlyWhenTypesAreConfigured() {
    OAuth2TokenValidator<Jwt> claims = jwt -> OAuth2TokenValidatorResult.success();
    OAuth2TokenValidator<Jwt> unchecked =
        ExternalTokenConfiguration.firstDecode(external(List.of()), claims);
    for (String typ : new String[] {"JWT", "at+jwt", "anything", null}) {
      assertThat(valid(unchecked, jwt(typ, SINCE))).as(typ).isTrue();
    }

    OAuth2TokenValidator<Jwt> checked =
        ExternalTokenConfiguration.firstDecode(external(List.of("at+jwt", "JWT")), claims);
    assertThat(valid(checked, jwt("application/at+jwt", SINCE))).isTrue();
    assertThat(valid(checked, jwt("jwt", SINCE))).isTrue();
    assertThat(valid(checked, jwt("id_token+jwt", SINCE))).isFalse();
    assertThat(valid(checked, jwt(null, SINCE))).isFalse();
  }

  private static ExternalProviderProperties external(List<String> types) {
    return new ExternalProviderProperties(
        true,
        "https://sso.example.org/realms/c",
        null,
        "fhir",
        null,
        null,
        new ExternalProviderProperties.Claims(
            "preferred_username",
            "realm_access.roles",
            "patient",
            "scope",
            "actor",
            "clearances",
            "client_id"),
        Map.of(),
        new ExternalProviderProperties.Web(null, null, "openid profile"),
        types);
  }
}
