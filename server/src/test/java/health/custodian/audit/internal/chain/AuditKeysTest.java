package health.custodian.audit.internal.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit key file "with restricted permissions" (issue #5, docs/audit.md "Key"): created 0600 in
 * a 0700 folder, and a key file the group or other users may access stops the server.
 */
class AuditKeysTest {

  @TempDir Path dir;

  @BeforeEach
  void posixOnly() {
    // The permissions are POSIX ones; the build runs on Linux, where this always holds.
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
  }

  @Test
  void aNewKeyFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("secrets").resolve("audit.key");
    AuditKeys keys = AuditKeys.readOrCreate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.size(file)).isEqualTo(32);
    // Read again, the same key: the chain's genesis mac is the same.
    assertThat(AuditKeys.readOrCreate(file).genesis("c")).isEqualTo(keys.genesis("c"));
  }

  @Test
  void aKeyFileTheGroupOrOthersMayAccessIsRefusedWithTheFix() throws Exception {
    Path file = dir.resolve("audit.key");
    AuditKeys.readOrCreate(file);
    for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw------x"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      assertThatThrownBy(() -> AuditKeys.readOrCreate(file))
          .as(mode)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining(mode)
          .hasMessageContaining("chmod 600 " + file);
    }
    // Owner-only modes stay accepted, also read-only.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(AuditKeys.readOrCreate(file)).isNotNull();
  }

  @Test
  void verificationReadsASharedKeyFile() throws Exception {
    // audit verify only reads the key (an auditor's copy may be group-readable); the server,
    // which writes the log with it, is what refuses (readOrCreate above).
    Path file = dir.resolve("audit.key");
    AuditKeys created = AuditKeys.readOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(AuditKeys.read(file).genesis("c")).isEqualTo(created.genesis("c"));
  }
}
