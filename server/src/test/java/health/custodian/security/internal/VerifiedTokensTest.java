package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokensTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private final List<String> verifiedTokens = new ArrayList<>();

  /** Stands for the signature check: records each token it is asked to verify. */
  private final JwtDecoder signatureCheck =
      token -> {
        verifiedTokens.add(token);
        return Jwt.withTokenValue(token)
            .header("alg", "RS256")
            .subject("user-" + token)
            .issuedAt(NOW)
            .expiresAt(NOW.plus(Duration.ofMinutes(15)))
            .build();
      };

  private JwtTimestampValidator validatorAt(Instant now) {
    JwtTimestampValidator v = new JwtTimestampValidator(Duration.ofSeconds(60));
    v.setClock(Clock.fixed(now, ZoneOffset.UTC));
    return v;
  }

  @Test
  void aTokenSeenBeforeIsNotVerifiedAgain() {
    VerifiedTokens tokens = new VerifiedTokens(signatureCheck, validatorAt(NOW), 100);
    Jwt first = tokens.decode("a.b.c");
    Jwt again = tokens.decode("a.b.c");
    assertThat(again.getSubject()).isEqualTo(first.getSubject()).isEqualTo("user-a.b.c");
    assertThat(verifiedTokens).containsExactly("a.b.c");
    tokens.decode("a.b.d");
    assertThat(verifiedTokens).containsExactly("a.b.c", "a.b.d");
  }

  @Test
  void aCachedTokenIsRefusedOnceItHasExpired() {
    Instant later = NOW.plus(Duration.ofMinutes(20));
    VerifiedTokens before = new VerifiedTokens(signatureCheck, validatorAt(NOW), 100);
    before.decode("a.b.c");
    assertThat(before.decode("a.b.c").getSubject()).isEqualTo("user-a.b.c");

    VerifiedTokens after = new VerifiedTokens(signatureCheck, validatorAt(later), 100);
    after.decode("x.y.z");
    assertThatThrownBy(() -> after.decode("x.y.z"))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void aFullCacheStartsOverAndVerifiesAgain() {
    VerifiedTokens tokens = new VerifiedTokens(signatureCheck, validatorAt(NOW), 2);
    tokens.decode("t1");
    tokens.decode("t2");
    tokens.decode("t3");
    tokens.decode("t1");
    assertThat(verifiedTokens).containsExactly("t1", "t2", "t3", "t1");
  }
}
