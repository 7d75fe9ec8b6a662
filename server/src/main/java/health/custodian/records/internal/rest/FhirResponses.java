package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.StoredVersion;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
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

  /** Response headers that describe a version. */
  static HttpHeaders versionHeaders(StoredVersion v) {
    HttpHeaders h = new HttpHeaders();
    h.setETag(v.etag());
    h.set(
        HttpHeaders.LAST_MODIFIED,
        DateTimeFormatter.RFC_1123_DATE_TIME.format(v.lastUpdated().atOffset(ZoneOffset.UTC)));
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
