package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Race-free conditional create and lost-update-free optimistic locking. */
class ConcurrencyTest extends IntegrationTest {

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  private static <T> List<T> race(int clients, Callable<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CyclicBarrier start = new CyclicBarrier(clients);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return work.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sixtyFourParallelIdenticalConditionalCreatesMakeExactlyOneResource() throws Exception {
    String patient =
        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:race\",\"value\":\"r-1\"}]}";
    List<HttpResponse<String>> responses =
        race(64, () -> http.post("/Patient", patient, "If-None-Exist", "identifier=urn:race|r-1"));
    Set<String> ids = new TreeSet<>();
    int created = 0;
    for (HttpResponse<String> r : responses) {
      assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
      if (r.statusCode() == 201) {
        created++;
      }
      ids.add(Json.parse(r.body()).path("id").asText());
    }
    assertThat(created).isEqualTo(1);
    assertThat(ids).hasSize(1);
    JsonNode found = Json.parse(http.get("/Patient?identifier=urn:race%7Cr-1").body());
    assertThat(found.path("total").asInt()).isEqualTo(1);
  }

  @Test
  void fiftyClientsUpdatingWithIfMatchLoseNoUpdate() throws Exception {
    http.put("/Patient/contended", "{\"resourceType\":\"Patient\",\"id\":\"contended\"}");
    AtomicInteger successes = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    Set<Integer> otherStatuses = ConcurrentHashMap.newKeySet();
    int attemptsPerClient = 4;
    race(
        50,
        () -> {
          for (int i = 0; i < attemptsPerClient; i++) {
            HttpResponse<String> current = http.get("/Patient/contended");
            String etag = current.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> r =
                http.put(
                    "/Patient/contended",
                    "{\"resourceType\":\"Patient\",\"id\":\"contended\",\"active\":true}",
                    "If-Match",
                    etag);
            if (r.statusCode() == 200) {
              successes.incrementAndGet();
            } else if (r.statusCode() == 412) {
              conflicts.incrementAndGet();
            } else {
              otherStatuses.add(r.statusCode());
            }
          }
          return null;
        });
    assertThat(otherStatuses).isEmpty();
    assertThat(successes.get() + conflicts.get()).isEqualTo(50 * attemptsPerClient);
    assertThat(successes.get()).isPositive();

    JsonNode history = Json.parse(http.get("/Patient/contended/_history?_count=1000").body());
    assertThat(history.path("total").asInt()).isEqualTo(1 + successes.get());
    Set<Integer> versions = new TreeSet<>();
    history
        .path("entry")
        .forEach(e -> versions.add(e.path("resource").path("meta").path("versionId").asInt()));
    assertThat(versions).hasSize(1 + successes.get());
    assertThat(versions).first().isEqualTo(1);
    assertThat(versions).last().isEqualTo(1 + successes.get());
  }

  @Test
  void parallelUpdateAsCreateOfOneIdGivesOneCreateAndGaplessVersions() throws Exception {
    String body = "{\"resourceType\":\"Patient\",\"id\":\"upsert-race\"}";
    List<HttpResponse<String>> responses = race(32, () -> http.put("/Patient/upsert-race", body));
    long created = responses.stream().filter(r -> r.statusCode() == 201).count();
    long updated = responses.stream().filter(r -> r.statusCode() == 200).count();
    assertThat(created).isEqualTo(1);
    assertThat(updated).isEqualTo(31);
    JsonNode current = Json.parse(http.get("/Patient/upsert-race").body());
    assertThat(current.path("meta").path("versionId").asText()).isEqualTo("32");
  }
}
