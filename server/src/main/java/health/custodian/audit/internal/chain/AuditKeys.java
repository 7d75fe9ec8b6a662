package health.custodian.audit.internal.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit keys, derived from one 32-byte secret in a key file outside the database (issue #5:
 * "key kept outside the database"). Two keys are derived (HMAC-SHA256 of the secret over a label,
 * as in RFC 5869's expand step with one block) so that a checkpoint signature can never be taken
 * for a chain link: one chains records, one signs checkpoints.
 */
public final class AuditKeys {

  private static final int SECRET_BYTES = 32;

  private final byte[] chainKey;
  private final byte[] checkpointKey;

  private AuditKeys(byte[] secret) {
    this.chainKey = hmac(secret, "custodian-audit-chain".getBytes(StandardCharsets.US_ASCII));
    this.checkpointKey =
        hmac(secret, "custodian-audit-checkpoint".getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads the key file; fails when it is missing (verify must not invent a key). */
  public static AuditKeys read(Path file) {
    try {
      byte[] secret = Files.readAllBytes(file);
      if (secret.length != SECRET_BYTES) {
        throw new IllegalStateException("audit key file " + file + " is not 32 bytes");
      }
      return new AuditKeys(secret);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit key file " + file, e);
    }
  }

  /**
   * Reads the key file, creating it (owner read/write only, 0600) with a random key if absent. The
   * server refuses to start on a key file its group or other users may read or write ({@link
   * #requirePrivate}).
   */
  public static AuditKeys readOrCreate(Path file) {
    if (!Files.exists(file)) {
      byte[] secret = new byte[SECRET_BYTES];
      new SecureRandom().nextBytes(secret);
      try {
        Path parent = java.util.Objects.requireNonNull(file.toAbsolutePath().getParent());
        if (!Files.isDirectory(parent)) {
          try {
            Files.createDirectories(
                parent,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
          } catch (UnsupportedOperationException e) {
            Files.createDirectories(parent);
          }
        }
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(file);
        }
        Files.write(file, secret, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      } catch (FileAlreadyExistsException raced) {
        // another process created it first; read theirs
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the audit key file " + file, e);
      }
    }
    requirePrivate(file);
    return read(file);
  }

  /**
   * Refuses a key file that the owner's group or other users may access (any of the POSIX group or
   * other permission bits). Whoever can read the key can rewrite the log and recompute every mac,
   * so the chain would no longer show tampering; whoever can write it can replace it. A warning
   * would scroll past in a server's log while the log stayed forgeable, so the server does not
   * start, as OpenSSH refuses a private key file others can read and PostgreSQL an {@code
   * ssl_key_file} with group or world access (PostgreSQL 17 documentation, 18.9.3 "Setting Up
   * Certificates"). Not checked where the file system has no POSIX permissions (Windows: ACLs).
   */
  static void requirePrivate(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = view.readAttributes().permissions();
    } catch (UnsupportedOperationException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the permissions of the audit key file " + file, e);
    }
    Set<PosixFilePermission> shared = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : permissions) {
      if (!p.name().startsWith("OWNER_")) {
        shared.add(p);
      }
    }
    if (!shared.isEmpty()) {
      throw new IllegalStateException(
          "The audit key file "
              + file
              + " may be accessed by other users than its owner (permissions "
              + PosixFilePermissions.toString(permissions)
              + "); whoever reads it can forge the audit log. Restrict it with: chmod 600 "
              + file);
    }
  }

  /** A fresh HMAC-SHA256 instance keyed for chain links (not thread-safe; one per thread). */
  public Mac chainMac() {
    return mac(chainKey);
  }

  /** A fresh HMAC-SHA256 instance keyed for checkpoint signatures. */
  public Mac checkpointMac() {
    return mac(checkpointKey);
  }

  /** The mac before the first record, bound to the chain's id. */
  public byte[] genesis(String chainId) {
    return chainMac()
        .doFinal(("custodian-audit-genesis:" + chainId).getBytes(StandardCharsets.US_ASCII));
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    return mac(key).doFinal(data);
  }
}
