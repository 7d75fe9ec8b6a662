package health.custodian.security.internal.user;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 on RFC 4226 HOTP): HMAC-SHA1, 30-second steps, 6 digits,
 * accepting the previous and next step for clock drift (RFC 6238 section 5.2). Secrets are shared
 * as base32 (RFC 4648 section 6), as authenticator apps expect.
 */
public final class Totp {

  private static final int DIGITS = 6;
  private static final long STEP_SECONDS = 30;
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Totp() {}

  /** A new 160-bit secret (RFC 4226 section 4 recommends 160 bits), base32. */
  public static String newSecret() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return base32(bytes);
  }

  /** The code for {@code secret} at {@code time}. */
  public static String code(String secret, Instant time) {
    return hotp(base32Decode(secret), time.getEpochSecond() / STEP_SECONDS);
  }

  /** Whether {@code code} is valid at {@code now}, one step either side allowed. */
  public static boolean verify(String secret, String code, Instant now) {
    String given = code.trim();
    if (given.length() != DIGITS) {
      return false;
    }
    byte[] key = base32Decode(secret);
    long step = now.getEpochSecond() / STEP_SECONDS;
    boolean ok = false;
    for (long s = step - 1; s <= step + 1; s++) {
      // Constant-time comparison, and every window checked, so timing does not tell which matched.
      ok |= MessageDigest.isEqual(hotp(key, s).getBytes(), given.getBytes());
    }
    return ok;
  }

  /** The {@code otpauth://} URI an authenticator app scans (Key Uri Format). */
  public static String uri(String issuer, String account, String secret) {
    String label = enc(issuer) + ":" + enc(account);
    return "otpauth://totp/"
        + label
        + "?secret="
        + secret
        + "&issuer="
        + enc(issuer)
        + "&algorithm=SHA1&digits=6&period=30";
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** RFC 4226 section 5.3: HMAC-SHA1 of the counter, dynamic truncation, modulo 10^digits. */
  static String hotp(byte[] key, long counter) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary =
          ((hash[offset] & 0x7f) << 24)
              | ((hash[offset + 1] & 0xff) << 16)
              | ((hash[offset + 2] & 0xff) << 8)
              | (hash[offset + 3] & 0xff);
      return String.format("%06d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  static byte[] base32Decode(String text) {
    String s = text.replace("=", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = BASE32.indexOf(s.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
