package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The authentication of a token, kept per token, is what Spring Security's converter makes. */
class BearerAuthenticationsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

  private static Jwt jwt(String value, String claim, Object scopes) {
    return Jwt.withTokenValue(value)
        .header("alg", "RS256")
        .subject("sub-" + value)
        .issuedAt(NOW)
        .expiresAt(NOW.plusSeconds(900))
        .claim(claim, scopes)
        .build();
  }

  private static Set<String> names(AbstractAuthenticationToken a) {
    return a.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .collect(Collectors.toSet());
  }

  @Test
  void everyUseAnswersWhatTheDefaultConverterDoes() {
    BearerAuthentications cached = new BearerAuthentications(100);
    JwtAuthenticationConverter reference = new JwtAuthenticationConverter();
    List<Jwt> tokens =
        List.of(
            jwt("t1", "scope", "patient/*.rs user/Observation.rs custodian.admin"),
            jwt("t2", "scp", List.of("system/*.rs", "openid")),
            jwt("t3", "other", "x"));
    for (int use = 0; use < 3; use++) {
      for (Jwt token : tokens) {
        AbstractAuthenticationToken expected = reference.convert(token);
        AbstractAuthenticationToken actual = cached.convert(token);
        assertThat(actual).isInstanceOf(JwtAuthenticationToken.class);
        assertThat(((JwtAuthenticationToken) actual).getToken()).isSameAs(token);
        assertThat(actual.getName()).isEqualTo(expected.getName()).isEqualTo(token.getSubject());
        assertThat(names(actual)).isEqualTo(names(expected)).contains("FACTOR_BEARER");
        assertThat(actual.isAuthenticated()).isEqualTo(expected.isAuthenticated()).isTrue();
        assertThat(actual.getDetails()).isNull();
      }
    }
    assertThat(names(cached.convert(tokens.get(0))))
        .containsExactlyInAnyOrder(
            "SCOPE_patient/*.rs",
            "SCOPE_user/Observation.rs",
            "SCOPE_custodian.admin",
            "FACTOR_BEARER");
  }

  @Test
  void eachRequestGetsItsOwnAuthenticationAndAFreshFactor() {
    BearerAuthentications cached = new BearerAuthentications(100);
    Jwt token = jwt("t1", "scope", "patient/*.rs");
    AbstractAuthenticationToken first = cached.convert(token);
    Instant between = Instant.now();
    AbstractAuthenticationToken second = cached.convert(token);
    assertThat(second).isNotSameAs(first);
    second.setDetails("this request");
    assertThat(first.getDetails()).isNull();
    assertThat(cached.convert(token).getDetails()).isNull();
    FactorGrantedAuthority factor =
        second.getAuthorities().stream()
            .filter(FactorGrantedAuthority.class::isInstance)
            .map(FactorGrantedAuthority.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(factor.getIssuedAt()).isAfterOrEqualTo(between);
  }

  @Test
  void aFullCacheStartsOver() {
    BearerAuthentications cached = new BearerAuthentications(1);
    Jwt a = jwt("a", "scope", "openid");
    Jwt b = jwt("b", "scope", "fhirUser");
    assertThat(names(cached.convert(a))).contains("SCOPE_openid");
    assertThat(names(cached.convert(b))).contains("SCOPE_fhirUser");
    assertThat(names(cached.convert(a))).contains("SCOPE_openid").doesNotContain("SCOPE_fhirUser");
  }
}
