package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import health.custodian.platform.DataFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing keys' files: created once, owner-only, and an older data folder's RSA key kept. */
class SigningKeysTest {

  @TempDir Path dir;

  @Test
  void aNewDataFolderGetsBothKeysOwnerOnly() throws Exception {
    DataFolder folder = new DataFolder(dir.resolve("data"));
    RSAKey rsa = SigningKeys.loadOrCreate(folder);
    ECKey ec = SigningKeys.loadOrCreateAccessTokenKey(folder);

    for (Path file : new Path[] {SigningKeys.file(folder), SigningKeys.accessTokenFile(folder)}) {
      assertThat(file).isRegularFile();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    assertThat(rsa.isPrivate()).isTrue();
    assertThat(rsa.size()).isEqualTo(2048);
    assertThat(ec.isPrivate()).isTrue();
    assertThat(ec.getCurve()).isEqualTo(Curve.P_256);
    assertThat(ec.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(ec.getKeyID()).isNotBlank().isNotEqualTo(rsa.getKeyID());

    // Read back, not generated again.
    assertThat(SigningKeys.loadOrCreate(folder)).isEqualTo(rsa);
    assertThat(SigningKeys.loadOrCreateAccessTokenKey(folder)).isEqualTo(ec);
  }

  @Test
  void anOlderDataFolderKeepsItsRsaKeyAndGainsTheEcKey() throws Exception {
    DataFolder folder = new DataFolder(dir.resolve("old"));
    RSAKey rsa = SigningKeys.loadOrCreate(folder);
    String before = Files.readString(SigningKeys.file(folder));
    assertThat(SigningKeys.accessTokenFile(folder)).doesNotExist();

    ECKey ec = SigningKeys.loadOrCreateAccessTokenKey(folder);

    assertThat(Files.readString(SigningKeys.file(folder))).isEqualTo(before);
    assertThat(SigningKeys.loadOrCreate(folder)).isEqualTo(rsa);
    assertThat(SigningKeys.accessTokenFile(folder)).isRegularFile();
    assertThat(SigningKeys.loadOrCreateAccessTokenKey(folder)).isEqualTo(ec);
  }

  @Test
  void theInstantTokensAreTypedSinceIsKeptFromTheFirstStart() throws Exception {
    DataFolder folder = new DataFolder(dir.resolve("typed"));
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TypedAccessTokens first = SigningKeys.typedAccessTokensSince(folder);
    assertThat(first.since()).isBetween(before, Instant.now());
    // whole seconds, as iat
    assertThat(first.since().getNano()).isZero();
    Path file = SigningKeys.typedTokensFile(folder);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    // A later start reads it back instead of moving it forward.
    Files.writeString(file, "2026-11-27T08:00:00Z\n");
    assertThat(SigningKeys.typedAccessTokensSince(folder).since())
        .isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
  }
}
