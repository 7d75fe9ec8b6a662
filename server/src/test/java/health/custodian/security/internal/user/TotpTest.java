package health.custodian.security.internal.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TOTP against the test vectors of RFC 6238 appendix B (SHA-1, truncated to 6 digits). */
class TotpTest {

  // RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
  private static final String SECRET =
      Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

  @Test
  void matchesTheRfcTestVectors() {
    // Appendix B lists 8-digit values; 6 digits are their last six (RFC 4226 section 5.3).
    assertThat(Totp.code(SECRET, Instant.ofEpochSecond(59))).isEqualTo("287082");
    assertThat(Totp.code(SECRET, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
    assertThat(Totp.code(SECRET, Instant.ofEpochSecond(1234567890))).isEqualTo("005924");
    assertThat(Totp.code(SECRET, Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
  }

  @Test
  void acceptsOneStepOfDriftEitherWayAndNoMore() {
    Instant now = Instant.ofEpochSecond(1_700_000_000L);
    String code = Totp.code(SECRET, now);
    assertThat(Totp.verify(SECRET, code, now)).isTrue();
    assertThat(Totp.verify(SECRET, code, now.plusSeconds(30))).isTrue();
    assertThat(Totp.verify(SECRET, code, now.minusSeconds(30))).isTrue();
    assertThat(Totp.verify(SECRET, code, now.plusSeconds(90))).isFalse();
    assertThat(Totp.verify(SECRET, "12345", now)).isFalse();
  }

  @Test
  void base32RoundTripsAndNewSecretsAre160Bits() {
    byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 42, 7};
    assertThat(Totp.base32Decode(Totp.base32(bytes))).isEqualTo(bytes);
    assertThat(Totp.base32Decode(Totp.newSecret())).hasSize(20);
    assertThat(Totp.newSecret()).isNotEqualTo(Totp.newSecret());
  }
}
