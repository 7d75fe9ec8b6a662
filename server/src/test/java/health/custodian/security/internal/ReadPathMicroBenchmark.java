package health.custodian.security.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Benchmark, not a test ({@code -Dtest=ReadPathMicroBenchmark -Dcustodian.bench=read-path}): the
 * per-request token checks and authentication before and after 2026-11-27, single-threaded, in
 * nanoseconds per call. Figures in docs/benchmarks.md.
 */
class ReadPathMicroBenchmark {

  private static final String ISSUER = "http://localhost:8080";

  /** The claims check as it was before 2026-11-27 (through the conversion service). */
  private static OAuth2TokenValidator<Jwt> before(Supplier<String> issuer, Supplier<String> aud) {
    OAuth2TokenValidator<Jwt> claims =
        jwt -> {
          if (jwt.getExpiresAt() == null) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token"));
          }
          if (!issuer.get().equals(jwt.getClaimAsString(JwtClaimNames.ISS))) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token"));
          }
          List<String> a = jwt.getAudience();
          if (a == null || !a.contains(aud.get())) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token"));
          }
          return OAuth2TokenValidatorResult.success();
        };
    return new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(), claims);
  }

  @Test
  void perRequestTokenWork() {
    Assumptions.assumeTrue("read-path".equals(System.getProperty("custodian.bench")));
    Instant now = Instant.now();
    Jwt jwt =
        Jwt.withTokenValue("x".repeat(900))
            .header("alg", "RS256")
            .subject("test-client")
            .issuer(ISSUER)
            .audience(List.of(ISSUER + "/fhir"))
            .issuedAt(now)
            .expiresAt(now.plusSeconds(3600))
            .claim("scope", "system/*.cruds custodian.admin")
            .claim("kind", "client")
            .build();
    int port = 8080;
    OAuth2TokenValidator<Jwt> old =
        before(() -> "http://localhost:" + port, () -> "http://localhost:" + port + "/fhir");
    OAuth2TokenValidator<Jwt> fresh =
        TokenConfiguration.validator(() -> ISSUER, () -> ISSUER + "/fhir");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    BearerAuthentications cached = new BearerAuthentications(100);
    for (int round = 0; round < 5; round++) {
      report(round, "claims check, before", () -> old.validate(jwt).hasErrors());
      report(round, "claims check, now", () -> fresh.validate(jwt).hasErrors());
      report(round, "authentication, JwtAuthenticationConverter", () -> converter.convert(jwt));
      report(round, "authentication, BearerAuthentications", () -> cached.convert(jwt));
    }
  }

  private static volatile Object sink;

  private static void report(int round, String what, Supplier<Object> work) {
    int n = 1_000_000;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink = work.get();
    }
    long t1 = System.nanoTime();
    if (round >= 3) {
      System.out.printf("MICRO %s: %.0f ns%n", what, (t1 - t0) / (double) n);
    }
  }
}
