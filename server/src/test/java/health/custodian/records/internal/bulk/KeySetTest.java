package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The key set's hash is FNV-1a over the key's UTF-8 bytes, whether the key is ASCII or not. */
class KeySetTest {

  private static long reference(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }

  @Test
  void hashIsTheUtf8Hash() {
    for (String key :
        new String[] {
          "",
          "Patient/p1",
          "Observation/" + "a".repeat(64),
          "Patient/Jos\u00e9",
          "Patient/\ud83d\ude00",
          "Patient/\u007f"
        }) {
      assertThat(KeySet.hash(key)).as(key).isEqualTo(reference(key));
    }
  }

  @Test
  void addAndContains() {
    KeySet keys = new KeySet();
    for (int i = 0; i < 10_000; i++) {
      assertThat(keys.add("Patient/p" + i)).isTrue();
    }
    assertThat(keys.add("Patient/p17")).isFalse();
    assertThat(keys.add("Patient/Jos\u00e9")).isTrue();
    assertThat(keys.contains("Patient/Jos\u00e9")).isTrue();
    assertThat(keys.contains("Patient/p9999")).isTrue();
    assertThat(keys.contains("Patient/p10000")).isFalse();
    assertThat(keys.size()).isEqualTo(10_001);
  }
}
