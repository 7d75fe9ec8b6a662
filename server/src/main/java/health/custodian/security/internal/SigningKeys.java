package health.custodian.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import health.custodian.platform.DataFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;

/**
 * The RS256 key that signs access tokens, generated once and kept in {@code
 * <data>/secrets/jwk.json} (owner read/write only), so that tokens stay valid across restarts.
 */
public final class SigningKeys {

  private SigningKeys() {}

  public static Path file(DataFolder folder) {
    return folder.dataDir().resolve("secrets").resolve("jwk.json");
  }

  /** Loads the key, creating it (and the secrets folder) the first time. */
  public static synchronized RSAKey loadOrCreate(DataFolder folder) {
    Path file = file(folder);
    try {
      if (Files.isRegularFile(file)) {
        JWKSet set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
        return set.getKeys().get(0).toRSAKey();
      }
      RSAKey key =
          new RSAKeyGenerator(2048)
              .keyUse(KeyUse.SIGNATURE)
              .keyID(UUID.randomUUID().toString())
              .generate();
      SecretFiles.write(file, new JWKSet(key).toString(false));
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the signing key " + file, e);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("invalid signing key file " + file, e);
    }
  }
}
