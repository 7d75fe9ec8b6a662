package health.custodian.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;

/**
 * The extension points other modules rely on: the durable {@link ResourcesChanged} event and {@link
 * FhirOperation} routing.
 */
@Import(EventsAndOperationsTest.Extensions.class)
class EventsAndOperationsTest extends IntegrationTest {

  @Autowired Extensions.Recorder recorder;
  @Autowired JdbcTemplate jdbc;

  private Http http;

  @BeforeEach
  void http() {
    http = new Http(fhirBase());
  }

  @TestConfiguration
  static class Extensions {

    static class Recorder {
      private final List<ResourcesChanged> events = new CopyOnWriteArrayList<>();

      @ApplicationModuleListener
      public void on(ResourcesChanged event) {
        events.add(event);
      }

      public List<ResourcesChanged> events() {
        return events;
      }
    }

    @Bean
    Recorder recorder() {
      return new Recorder();
    }

    @Bean
    FhirOperation echo() {
      return new FhirOperation() {
        @Override
        public String name() {
          return "echo";
        }

        @Override
        public Set<Level> levels() {
          return Set.of(Level.SYSTEM, Level.TYPE, Level.INSTANCE);
        }

        @Override
        public Result invoke(Request request) {
          ObjectNode p = JsonNodeFactory.instance.objectNode();
          p.put("resourceType", "Parameters");
          ObjectNode param = p.putArray("parameter").addObject();
          param.put("name", "where");
          param.put(
              "valueString", request.level() + ":" + request.resourceType() + ":" + request.id());
          return new Result(200, p);
        }
      };
    }
  }

  /** Listeners run asynchronously after commit, so delivery order is not guaranteed. */
  @Test
  void everyCommittedChangeSetIsPublishedOnceAndItsPublicationCompletes() {
    http.put("/Patient/evt-1", "{\"resourceType\":\"Patient\",\"id\":\"evt-1\"}");
    http.delete("/Patient/evt-1");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(recorder.events())
                    .flatExtracting(ResourcesChanged::changes)
                    .filteredOn(c -> c.id().equals("evt-1"))
                    .extracting(ResourceChange::action)
                    .containsExactlyInAnyOrder(
                        ResourceChange.Action.CREATED, ResourceChange.Action.DELETED));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.queryForObject(
                            "select count(*) from event_publication where completion_date is null",
                            Integer.class))
                    .isZero());
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event_publication where event_type like '%ResourcesChanged'",
                Integer.class))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aFailedWriteIsNeverPublished() {
    int before = recorder.events().size();
    http.post("/Patient", "{\"resourceType\":\"Observation\"}");
    assertThat(recorder.events()).hasSize(before);
  }

  @Test
  void operationsAreRoutedAtEachLevel() {
    // An instance operation needs a resource the caller may see (the gateway, issue #5).
    assertThat(http.put("/Patient/p1", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}").statusCode())
        .isIn(200, 201);
    JsonNode system = Json.parse(http.get("/$echo").body());
    assertThat(system.path("parameter").get(0).path("valueString").asText())
        .isEqualTo("SYSTEM:null:null");
    JsonNode type = Json.parse(http.get("/Patient/$echo").body());
    assertThat(type.path("parameter").get(0).path("valueString").asText())
        .isEqualTo("TYPE:Patient:null");
    JsonNode instance =
        Json.parse(http.post("/Patient/p1/$echo", "{\"resourceType\":\"Parameters\"}").body());
    assertThat(instance.path("parameter").get(0).path("valueString").asText())
        .isEqualTo("INSTANCE:Patient:p1");
    assertThat(http.get("/$nope").statusCode()).isEqualTo(404);
    JsonNode cs = Json.parse(http.get("/metadata").body());
    assertThat(cs.path("rest").get(0).path("operation").toString()).contains("echo");
  }
}
