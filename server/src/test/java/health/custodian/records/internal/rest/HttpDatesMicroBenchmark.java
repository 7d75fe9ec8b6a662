package health.custodian.records.internal.rest;

import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Benchmark, not a test: Last-Modified by Spring's formatter and by hand, ns per header. */
class HttpDatesMicroBenchmark {

  private static volatile Object sink;

  @Test
  void lastModified() {
    Assumptions.assumeTrue("read-path".equals(System.getProperty("custodian.bench")));
    Instant t = Instant.parse("2026-11-27T03:00:00.123Z");
    for (int round = 0; round < 5; round++) {
      int n = 1_000_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        HttpHeaders h = new HttpHeaders();
        h.setLastModified(t.plusSeconds(i & 1023));
        sink = h;
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        HttpHeaders h = new HttpHeaders();
        HttpDates.setLastModified(h, t.plusSeconds(i & 1023));
        sink = h;
      }
      long t2 = System.nanoTime();
      if (round >= 3) {
        System.out.printf(
            "MICRO Last-Modified: HttpHeaders %.0f ns, HttpDates %.0f ns (with new HttpHeaders)%n",
            (t1 - t0) / (double) n, (t2 - t1) / (double) n);
      }
    }
  }
}
