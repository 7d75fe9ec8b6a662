package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.StoredVersion;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Writes FHIR responses. Stored JSON goes out as stored (no re-parsing) unless XML or {@code
 * _pretty} is asked for.
 */
@Component
class FhirResponses {

  private final FhirFormats formats;

  FhirResponses(FhirFormats formats) {
    this.formats = formats;
  }

  /** A stored version with ETag and Last-Modified (R4 3.1.0.1.3, 3.1.0.1.7). */
  ResponseEntity<byte[]> version(int status, StoredVersion v, Format format) {
    return ResponseEntity.status(status)
        .headers(versionHeaders(v))
        .header(HttpHeaders.CONTENT_TYPE, format.contentType())
        .body(render(v.body() == null ? "" : v.body(), format));
  }

  /**
   * A stored version for a read that has already answered its conditional headers itself: a plain
   * {@link HttpEntity} (status 200), so that Spring MVC does not parse the Last-Modified header
   * back and check the request's conditions a second time, as it does for every 200 {@link
   * ResponseEntity} of a GET (a twenty-fifth of a protected read's server CPU, docs/benchmarks.md).
   */
  HttpEntity<byte[]> readVersion(StoredVersion v, Format format) {
    HttpHeaders h = versionHeaders(v);
    h.set(HttpHeaders.CONTENT_TYPE, format.contentType());
    return new HttpEntity<>(render(v.body() == null ? "" : v.body(), format), h);
  }

  /** Response headers that describe a version: Last-Modified as an IMF-fixdate (RFC 9110 5.6.7). */
  static HttpHeaders versionHeaders(StoredVersion v) {
    HttpHeaders h = new HttpHeaders();
    h.setETag(v.etag());
    HttpDates.setLastModified(h, v.lastUpdated());
    return h;
  }

  ResponseEntity<byte[]> json(int status, JsonNode resource, Format format) {
    return text(status, FhirJson.write(resource), format);
  }

  ResponseEntity<byte[]> text(int status, String json, Format format) {
    return ResponseEntity.status(status)
        .header(HttpHeaders.CONTENT_TYPE, format.contentType())
        .body(render(json, format));
  }

  ResponseEntity<byte[]> empty(int status, @Nullable HttpHeaders headers) {
    ResponseEntity.BodyBuilder b = ResponseEntity.status(status);
    if (headers != null) {
      b.headers(headers);
    }
    return b.build();
  }

  byte[] render(String json, Format format) {
    if (format.xml()) {
      return formats.jsonToXml(json, format.pretty()).getBytes(StandardCharsets.UTF_8);
    }
    if (format.pretty()) {
      return FhirJson.writePretty(FhirJson.parse(json.getBytes(StandardCharsets.UTF_8)))
          .getBytes(StandardCharsets.UTF_8);
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
