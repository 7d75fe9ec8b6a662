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
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Reads request bodies: size-limited (413 past {@code custodian.fhir.max-body-bytes}), admitted
 * against the memory budget for bodies in flight ({@link BodyAdmission}: 503 or 413), by media type
 * (415 for anything but FHIR JSON/XML, or JSON Patch where a patch is expected).
 */
@Component
class RequestBodies {

  private static final String TICKET = BodyAdmission.class.getName() + ".ticket.";

  /** The largest Java array (some JVMs reserve a few header words). */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final WriteSettings settings;
  private final FhirFormats formats;
  private final BodyAdmission admission;

  RequestBodies(WriteSettings settings, FhirFormats formats, BodyAdmission admission) {
    this.settings = settings;
    this.formats = formats;
    this.admission = admission;
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
    long limit = Math.min(settings.maxBodyBytes(), MAX_ARRAY);
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    // A body of declared length is admitted before a byte of it is read; a chunked one (RFC 9112
    // §7.1) once read, bounded by the size limit meanwhile.
    if (declared >= 0) {
      hold(declared);
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = declared >= 0 ? readDeclared(in, (int) declared) : readChunked(in, limit);
    } catch (IOException e) {
      throw FhirException.badRequest("unreadable-body", "The request body could not be read", null);
    }
    if (declared < 0) {
      hold(body.length);
    }
    return body;
  }

  /**
   * Reads exactly the declared length into one array: no growing buffer and no final copy, which
   * for a 50 MB Bundle held a second 50 MB while the first was copied.
   */
  private static byte[] readDeclared(InputStream in, int length) throws IOException {
    byte[] body = new byte[length];
    int n = in.readNBytes(body, 0, length);
    if (n < length) {
      // The connection ended before Content-Length bytes arrived (RFC 9112 §6.3: incomplete).
      throw new IOException("body shorter than its Content-Length");
    }
    return body;
  }

  private static byte[] readChunked(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
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
  }

  /**
   * Takes the body's share of the memory budget until the request completes: the parsed tree, the
   * response and what the request writes stay reachable until then. Spring runs request destruction
   * callbacks when the request has been handled, errors included, so the share is returned on every
   * path.
   */
  private void hold(long bodyBytes) {
    BodyAdmission.Ticket ticket = admission.admit(bodyBytes);
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes == null) {
      // Not inside a Spring MVC request: nothing would return the share later.
      ticket.close();
      return;
    }
    attributes.registerDestructionCallback(
        TICKET + System.identityHashCode(ticket), ticket::close, RequestAttributes.SCOPE_REQUEST);
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
