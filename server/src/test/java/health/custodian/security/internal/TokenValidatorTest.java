package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

/** The claims every access token must carry (RFC 9068 section 4), checked on every request. */
class TokenValidatorTest {

  private static final String ISSUER = "http://localhost:8080";
  private static final String AUDIENCE = ISSUER + "/fhir";

  private final OAuth2TokenValidator<Jwt> validator =
      TokenConfiguration.validator(() -> ISSUER, () -> AUDIENCE);

  private static Jwt token(UnaryOperator<Jwt.Builder> claims) {
    Instant now = Instant.now();
    return claims
        .apply(
            Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject("s")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(600)))
        .build();
  }

  private boolean accepts(UnaryOperator<Jwt.Builder> claims) {
    return !validator.validate(token(claims)).hasErrors();
  }

  @Test
  void issuerAndAudienceMustBeOurs() {
    assertThat(accepts(b -> b.issuer(ISSUER).audience(List.of(AUDIENCE)))).isTrue();
    assertThat(accepts(b -> b.issuer(ISSUER).audience(List.of("other", AUDIENCE)))).isTrue();
    assertThat(accepts(b -> b.issuer(ISSUER).claim("aud", AUDIENCE))).isTrue();
    assertThat(accepts(b -> b.issuer(ISSUER).audience(List.of("other")))).isFalse();
    assertThat(accepts(b -> b.issuer(ISSUER).claim("aud", "other"))).isFalse();
    assertThat(accepts(b -> b.issuer(ISSUER))).isFalse();
    assertThat(accepts(b -> b.issuer(ISSUER + "/").audience(List.of(AUDIENCE)))).isFalse();
    assertThat(accepts(b -> b.issuer("http://evil").audience(List.of(AUDIENCE)))).isFalse();
    assertThat(accepts(b -> b.audience(List.of(AUDIENCE)))).isFalse();
  }

  @Test
  void expiryIsRequiredAndChecked() {
    Instant now = Instant.now();
    assertThat(
            accepts(
                b ->
                    b.issuer(ISSUER)
                        .audience(List.of(AUDIENCE))
                        .issuedAt(now.minusSeconds(3600))
                        .expiresAt(now.minusSeconds(120))))
        .isFalse();
  }
}
