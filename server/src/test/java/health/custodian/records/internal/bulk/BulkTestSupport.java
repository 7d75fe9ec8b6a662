package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Kick-off, polling and download helpers shared by the bulk data tests. */
final class BulkTestSupport {

  static final String ASYNC = "respond-async";

  private BulkTestSupport() {}

  /** The path of the status URL below the FHIR base (for {@link Http}). */
  static String statusPath(HttpResponse<String> kickOff, String fhirBase) {
    assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
    String location = kickOff.headers().firstValue("Content-Location").orElseThrow();
    assertThat(location).startsWith(fhirBase + "/$bulk-status/");
    return location.substring(fhirBase.length());
  }

  /** Polls until the job is no longer 202; returns the final response. */
  static HttpResponse<String> await(Http http, String statusPath) {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      HttpResponse<String> r = http.get(statusPath);
      if (r.statusCode() != 202) {
        return r;
      }
      assertThat(r.headers().firstValue("X-Progress")).isPresent();
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("bulk job did not finish in time");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static JsonNode manifest(Http http, String statusPath) {
    HttpResponse<String> done = await(http, statusPath);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    return Json.parse(done.body());
  }

  /** The NDJSON lines of a manifest file, parsed. */
  static List<JsonNode> download(Http http, String fhirBase, String url) {
    HttpResponse<String> r = http.get(URI.create(url).getPath().substring("/fhir".length()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/fhir+ndjson");
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (!line.isBlank()) {
        out.add(Json.parse(line));
      }
    }
    return out;
  }

  /** The manifest output entry of a type, or null. */
  static JsonNode output(JsonNode manifest, String type) {
    for (JsonNode o : manifest.path("output")) {
      if (o.path("type").asText().equals(type)) {
        return o;
      }
    }
    return null;
  }
}
