package health.custodian.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import health.custodian.platform.DataFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The server's signing keys, each generated once and kept in {@code <data>/secrets/} (owner
 * read/write only), so that tokens stay valid across restarts: the ES256 key (P-256) that signs
 * access tokens, in {@code jwk-es256.json}, and the RS256 key (RSA-2048) that signs OpenID Connect
 * ID tokens, in {@code jwk.json}. Access tokens issued before ES256 were signed by the RSA key; the
 * bearer decoder still accepts them until they expire. A data folder of an older version has only
 * {@code jwk.json}: it is read as before and the EC key is created beside it on first start.
 */
public final class SigningKeys {

  private SigningKeys() {}

  /** The RSA key file (ID tokens; access tokens before ES256). */
  public static Path file(DataFolder folder) {
    return folder.dataDir().resolve("secrets").resolve("jwk.json");
  }

  /** The EC key file (access tokens). */
  public static Path accessTokenFile(DataFolder folder) {
    return folder.dataDir().resolve("secrets").resolve("jwk-es256.json");
  }

  /** When this folder's server began typing access tokens ({@link TypedAccessTokens}). */
  public static Path typedTokensFile(DataFolder folder) {
    return folder.dataDir().resolve("secrets").resolve("typed-tokens-since");
  }

  /**
   * The first start of a version that types access tokens {@code at+jwt}: read from {@link
   * #typedTokensFile}, or now (whole seconds, as {@code iat} is) written there the first time. Kept
   * beside the keys, since whoever may change it may change the keys anyway; a data folder of an
   * older version gets it on its first start with this one, so the untyped tokens that version
   * issued are exactly those with an earlier {@code iat}.
   */
  public static synchronized TypedAccessTokens typedAccessTokensSince(DataFolder folder) {
    Path file = typedTokensFile(folder);
    try {
      if (Files.isRegularFile(file)) {
        return new TypedAccessTokens(
            Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim()));
      }
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      SecretFiles.write(file, now + "\n");
      return new TypedAccessTokens(now);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("invalid instant in " + file, e);
    }
  }

  /** Loads the RSA key, creating it (and the secrets folder) the first time. */
  public static synchronized RSAKey loadOrCreate(DataFolder folder) {
    return loadOrCreate(
            file(folder),
            () ->
                new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(UUID.randomUUID().toString())
                    .generate())
        .toRSAKey();
  }

  /**
   * Loads the access tokens' P-256 key, creating it the first time. Its {@code alg} is ES256, so
   * that the published key set says which algorithm it is for (RFC 7517 section 4.4).
   */
  public static synchronized ECKey loadOrCreateAccessTokenKey(DataFolder folder) {
    return loadOrCreate(
            accessTokenFile(folder),
            () ->
                new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyID(shortKeyId())
                    .generate())
        .toECKey();
  }

  /**
   * 12 base64url characters (72 random bits) instead of a 36-character UUID: the {@code kid} is in
   * every access token's header, and it only has to tell this server's keys apart (RFC 7515 section
   * 4.1.4 leaves its form to the issuer).
   */
  private static String shortKeyId() {
    byte[] bytes = new byte[9];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private interface Generator {
    JWK generate() throws JOSEException;
  }

  private static JWK loadOrCreate(Path file, Generator generator) {
    try {
      if (Files.isRegularFile(file)) {
        return JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys().get(0);
      }
      JWK key = generator.generate();
      SecretFiles.write(file, new JWKSet(key).toString(false));
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the signing key " + file, e);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("invalid signing key file " + file, e);
    }
  }
}
