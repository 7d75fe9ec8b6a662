package health.custodian.records.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Last-Modified as written by hand is exactly what Spring's {@link HttpHeaders} writes. */
class HttpDatesTest {

  @Test
  void agreesWithSpringsFormatter() {
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.parse("1994-11-06T08:49:37Z"),
                Instant.parse("2026-11-27T02:50:00.999999Z"),
                Instant.parse("2024-02-29T23:59:59.5Z"),
                Instant.parse("1000-01-01T00:00:00Z"),
                Instant.parse("0999-12-31T23:59:59Z"),
                Instant.parse("9999-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.001Z"),
                Instant.parse("-0001-06-15T12:00:00Z")));
    Random random = new Random(27);
    for (int i = 0; i < 50_000; i++) {
      instants.add(Instant.ofEpochSecond(random.nextLong(-40_000_000_000L, 260_000_000_000L)));
      instants.add(
          Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)));
    }
    for (Instant t : instants) {
      HttpHeaders expected = new HttpHeaders();
      expected.setLastModified(t);
      HttpHeaders actual = new HttpHeaders();
      HttpDates.setLastModified(actual, t);
      assertThat(actual.getFirst(HttpHeaders.LAST_MODIFIED))
          .as("%s", t)
          .isEqualTo(expected.getFirst(HttpHeaders.LAST_MODIFIED));
    }
  }
}
