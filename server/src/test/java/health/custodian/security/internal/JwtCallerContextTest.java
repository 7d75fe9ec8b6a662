package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.security.policy.BreakGlassService;
import health.custodian.testsupport.IntegrationTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The caller of a verified token is kept per token, but what may change while the token lives (a
 * user's break-glass grant) is read on every request.
 */
class JwtCallerContextTest extends IntegrationTest {

  @Autowired JwtCallerContext context;
  @Autowired BreakGlassService breakGlass;

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aUsersBreakGlassGrantCountsFromTheNextRequestWithTheSameToken() {
    Jwt token = token("jwt-cache-user", "user", List.of(Role.CLINICIAN.code()), "user/*.rs");
    Caller first = as(token);
    assertThat(first.id()).isEqualTo("jwt-cache-user");
    assertThat(first.kind()).isEqualTo(Caller.Kind.USER);
    assertThat(first.roles()).containsExactly(Role.CLINICIAN);
    assertThat(first.scopes()).containsExactly("user/*.rs");
    assertThat(first.session()).isEqualTo("jti-jwt-cache-user");
    assertThat(first.breakGlass()).isNull();

    Caller.BreakGlass grant =
        breakGlass.grant(first, "Unconscious patient brought to the emergency department");
    Caller second = as(token);
    assertThat(second.breakGlass()).isNotNull();
    assertThat(second.breakGlass().id()).isEqualTo(grant.id());
    assertThat(second).usingRecursiveComparison().ignoringFields("breakGlass").isEqualTo(first);
  }

  @Test
  void tokensAreNotConfused() {
    Caller client = as(token("jwt-cache-client", "client", List.of(), "system/*.rs"));
    Caller user = as(token("jwt-cache-other", "user", List.of(Role.CODER.code()), "user/*.r"));
    assertThat(client.kind()).isEqualTo(Caller.Kind.CLIENT);
    assertThat(client.scopes()).containsExactly("system/*.rs");
    assertThat(client.breakGlass()).isNull();
    assertThat(user.id()).isEqualTo("jwt-cache-other");
    assertThat(user.roles()).containsExactly(Role.CODER);
    // asked again, each token still gives its own caller
    assertThat(as(token("jwt-cache-client", "client", List.of(), "system/*.rs")).id())
        .isEqualTo("jwt-cache-client");
  }

  private Caller as(Jwt token) {
    SecurityContextHolder.getContext()
        .setAuthentication(new JwtAuthenticationToken(token, List.of()));
    return context.current();
  }

  private static Jwt token(String subject, String kind, List<String> roles, String scope) {
    Instant now = Instant.now();
    return Jwt.withTokenValue("token-of-" + subject)
        .header("alg", "RS256")
        .subject(subject)
        .claim(TokenClaimNames.KIND, kind)
        .claim(TokenClaimNames.ROLES, roles)
        .claim(TokenClaimNames.SCOPE, scope)
        .jti("jti-" + subject)
        .issuedAt(now)
        .expiresAt(now.plusSeconds(300))
        .build();
  }
}
