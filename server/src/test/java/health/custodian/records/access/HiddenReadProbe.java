package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TestAccessConfiguration;
import health.custodian.testsupport.TestAccessPolicy;
import health.custodian.testsupport.TestCallers;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Benchmark, not a test ({@code -Dtest=HiddenReadProbe -Dcustodian.bench=hiddenread}): over HTTP,
 * one caller at a time, the wall time of reading a resource the caller may not see (another
 * patient's) against reading an id that does not exist, for a small and a 1 MB body, interleaved.
 * Issue #5: a hidden resource must not be told from a missing one by "timing of obvious kinds".
 * Figures in docs/benchmarks.md.
 */
@Import(TestAccessConfiguration.class)
class HiddenReadProbe extends IntegrationTest {

  private static final int ROUNDS = 400;

  @Autowired TestAccessPolicy policy;

  @Test
  void hiddenAgainstMissing() {
    Assumptions.assumeTrue("hiddenread".equals(System.getProperty("custodian.bench")));
    Http http = new Http(fhirBase());
    http.putOk("Patient/hr1", "{\"resourceType\":\"Patient\",\"id\":\"hr1\"}");
    http.putOk("Patient/hr2", "{\"resourceType\":\"Patient\",\"id\":\"hr2\"}");
    http.putOk("Observation/small", observation("small", 1_000));
    http.putOk("Observation/large", observation("large", 1_000_000));
    Caller p1 = TestCallers.patient("hr-user", "hr1");
    policy.use(
        (caller, interaction, type) ->
            caller.id().equals(TestCallers.fullAccess().id())
                ? AccessRules.unrestricted()
                : new AccessRules(true, null, Set.of("hr1"), List.of(), Set.of(), false, false));
    String[] auth = TestCallers.header(p1);
    for (String id : List.of("small", "large")) {
      String missing = "x" + id.substring(1);
      long[] hidden = new long[ROUNDS];
      long[] absent = new long[ROUNDS];
      for (int i = -100; i < ROUNDS; i++) {
        long t0 = System.nanoTime();
        assertThat(http.get("/Observation/" + id, auth).statusCode()).isEqualTo(404);
        long t1 = System.nanoTime();
        assertThat(http.get("/Observation/" + missing, auth).statusCode()).isEqualTo(404);
        long t2 = System.nanoTime();
        if (i >= 0) {
          hidden[i] = t1 - t0;
          absent[i] = t2 - t1;
        }
      }
      System.out.printf(
          "hiddenread %s: hidden median %d us p90 %d us, missing median %d us p90 %d us%n",
          id, pct(hidden, 50), pct(hidden, 90), pct(absent, 50), pct(absent, 90));
    }
  }

  private static long pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1000;
  }

  private static String observation(String id, int size) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"code\":{\"text\":\"note\"},\"subject\":{\"reference\":"
        + "\"Patient/hr2\"},\"valueString\":\""
        + "a".repeat(size)
        + "\"}";
  }
}
