package health.custodian.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The settings that reach the embedded server's command line or DDL are checked first. */
class DatabasePropertiesTest {

  private static DatabaseProperties with(String appUser, String sharedBuffers, String maxWal) {
    return new DatabaseProperties(null, null, null, appUser, null, true, 12, sharedBuffers, maxWal);
  }

  @Test
  void sizesTakeANumberAndAPostgresUnit() {
    DatabaseProperties db = with("custodian_app", "1GB", "8GB");
    assertThat(db.sharedBuffers()).isEqualTo("1GB");
    assertThat(db.maxWalSize()).isEqualTo("8GB");
    assertThat(with("custodian_app", "512MB", "2048MB").maxWalSize()).isEqualTo("2048MB");
  }

  @Test
  void anythingElseIsRefusedBeforeTheServerStarts() {
    for (String bad : new String[] {"1 GB", "1gb", "0MB", "-1MB", "1GB -c fsync=off", ""}) {
      assertThatThrownBy(() -> with("custodian_app", bad, "2GB"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("shared-buffers");
      assertThatThrownBy(() -> with("custodian_app", "256MB", bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> with("Bad-Role", "256MB", "2GB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("app-user");
  }
}
