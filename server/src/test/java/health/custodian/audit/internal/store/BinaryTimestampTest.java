package health.custodian.audit.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class BinaryTimestampTest {

  private static byte[] bytes(long epochMicros) {
    byte[] b = new byte[8];
    new BinaryTimestamp(epochMicros).toBytes(b, 0);
    return b;
  }

  @Test
  void postgresEpochIsZeroAndBytesAreBigEndian() {
    long y2k = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli() * 1000;
    assertThat(bytes(y2k)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(bytes(y2k + 0x0102)).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
    assertThat(bytes(y2k - 1)).containsOnly((byte) 0xff);
  }

  @Test
  void bytesReadBackAsTheSameInstant() {
    long micros = 1_795_000_000_123_456L;
    BinaryTimestamp t = new BinaryTimestamp(0);
    t.setByteValue(bytes(micros), 0);
    assertThat(t).isEqualTo(new BinaryTimestamp(micros));
    assertThat(t.getValue())
        .isEqualTo(Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString())
        .isEqualTo("2026-11-18T11:06:40.123456Z");
    assertThat(t.lengthInBytes()).isEqualTo(8);
  }
}
