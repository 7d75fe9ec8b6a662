package health.custodian.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one list of the embedded server's settings: the product's and the durable benchmarks'. */
class EmbeddedServerSettingsTest {

  @Test
  void durableTurnsOnEveryFlushAndTheSizesPassThrough() {
    Map<String, String> s = EmbeddedServerSettings.of("1GB", "8GB", true);
    assertThat(s)
        .containsEntry("fsync", "on")
        .containsEntry("full_page_writes", "on")
        .containsEntry("synchronous_commit", "on")
        .containsEntry("shared_buffers", "1GB")
        .containsEntry("max_wal_size", "8GB")
        .containsEntry("wal_level", "minimal")
        .containsEntry("max_wal_senders", "0")
        .containsEntry("random_page_cost", "1.1");
  }

  @Test
  void relaxedOnlyTurnsTheFlushesOff() {
    Map<String, String> durable = EmbeddedServerSettings.of("256MB", "2GB", true);
    Map<String, String> relaxed = EmbeddedServerSettings.of("256MB", "2GB", false);
    assertThat(relaxed)
        .containsEntry("fsync", "off")
        .containsEntry("full_page_writes", "off")
        .containsEntry("synchronous_commit", "off");
    assertThat(relaxed.keySet()).containsExactlyElementsOf(durable.keySet());
  }

  @Test
  void thePropertiesDefaultsAreTheHelpersDefaults() {
    assertThat(EmbeddedServerSettings.DEFAULT_SHARED_BUFFERS).isEqualTo("256MB");
    assertThat(EmbeddedServerSettings.DEFAULT_MAX_WAL_SIZE).isEqualTo("2GB");
  }
}
