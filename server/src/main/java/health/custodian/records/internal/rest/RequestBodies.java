package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.WriteSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies: size-limited (413 past {@code custodian.fhir.max-body-bytes}), by media
 * type (415 for anything but FHIR JSON/XML, or JSON Patch where a patch is expected).
 */
@Component
class RequestBodies {

  private final WriteSettings settings;
  private final FhirFormats formats;

  RequestBodies(WriteSettings settings, FhirFormats formats) {
    this.settings = settings;
    this.formats = formats;
  }

  /** A resource body in FHIR JSON or XML, as a JSON tree. */
  ObjectNode resource(HttpServletRequest request) {
    String type = mediaType(request);
    byte[] body = read(request);
    if (isXml(type)) {
      String json = formats.xmlToJson(new String(body, StandardCharsets.UTF_8));
      return FhirJson.parseResource(json.getBytes(StandardCharsets.UTF_8));
    }
    if (isJson(type)) {
      return FhirJson.parseResource(body);
    }
    throw unsupported(type);
  }

  /** A PATCH body: JSON Patch (R4 3.1.0.6.2). */
  JsonNode patch(HttpServletRequest request) {
    String type = mediaType(request);
    if (!type.equals("application/json-patch+json")) {
      throw new FhirException(
          415,
          "unsupported-media-type",
          "not-supported",
          "PATCH takes application/json-patch+json (JSON Patch)");
    }
    return FhirJson.parse(read(request));
  }

  /** Whether the request carries a body at all (for optional bodies, e.g. operations). */
  static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private byte[] read(HttpServletRequest request) {
    long limit = settings.maxBodyBytes();
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = request.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
      byte[] buffer = new byte[65536];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > limit) {
          throw tooLarge(limit);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw FhirException.badRequest("unreadable-body", "The request body could not be read", null);
    }
  }

  private static String mediaType(HttpServletRequest request) {
    String ct = request.getContentType();
    if (ct == null) {
      throw new FhirException(
          415,
          "unsupported-media-type",
          "not-supported",
          "A Content-Type is required: application/fhir+json or application/fhir+xml");
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isJson(String type) {
    return type.equals("application/fhir+json")
        || type.equals("application/json")
        || type.equals("text/json");
  }

  private static boolean isXml(String type) {
    return type.equals("application/fhir+xml")
        || type.equals("application/xml")
        || type.equals("text/xml");
  }

  private static FhirException unsupported(String type) {
    return new FhirException(
        415,
        "unsupported-media-type",
        "not-supported",
        "Unsupported Content-Type "
            + (type.length() > 60 ? type.substring(0, 60) : type)
            + "; use application/fhir+json or application/fhir+xml");
  }

  private static FhirException tooLarge(long limit) {
    return new FhirException(
        413,
        "body-too-large",
        "too-costly",
        "The request body exceeds the limit of " + limit + " bytes");
  }
}
