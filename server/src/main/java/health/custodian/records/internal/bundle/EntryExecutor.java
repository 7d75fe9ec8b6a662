package health.custodian.records.internal.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.StoredVersion;
import health.custodian.records.internal.storage.WriteGuard;
import health.custodian.records.internal.storage.WriteSession;
import health.custodian.records.internal.write.Criteria;
import health.custodian.records.internal.write.Outcome;
import health.custodian.records.internal.write.RecordWriter;
import health.custodian.records.internal.write.ResourceChecks;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Carries out one Bundle entry's request against a write session. */
@Component
class EntryExecutor {

  private final RecordWriter writer;
  private final RecordReader reader;
  private final ResourceChecks checks;

  EntryExecutor(RecordWriter writer, RecordReader reader, ResourceChecks checks) {
    this.writer = writer;
    this.reader = reader;
    this.checks = checks;
  }

  /**
   * @param presetId for a POST in a transaction: the id already chosen for it (its urn:uuid was
   *     mapped to it), or null
   */
  EntryResult execute(WriteSession session, Entry e, @Nullable String presetId) {
    String type = e.urlType();
    checks.checkKnownType(type);
    WriteGuard entryGuard = session.guard();
    if (entryGuard != null) {
      // Authorised before the entry is validated or run: a refused type (or AuditEvent, which
      // only the audit module serves) answers the same whatever the entry carries.
      entryGuard.permit(e.method(), type);
    }
    Integer ifMatch = version(e.ifMatch());
    return switch (e.method()) {
      case "POST" -> {
        // In a transaction the planner already matched conditional creates (presetId set).
        Criteria ifNoneExist =
            e.ifNoneExist() == null || presetId != null ? null : Criteria.parse(e.ifNoneExist());
        yield result(e, writer.create(session, type, resource(e), ifNoneExist, presetId));
      }
      case "PUT" -> {
        if (e.conditional()) {
          yield result(
              e,
              writer.conditionalUpdate(
                  session, type, Criteria.parse(e.url()), resource(e), ifMatch));
        }
        yield result(e, writer.update(session, type, requireId(e), resource(e), ifMatch));
      }
      case "PATCH" ->
          result(e, writer.patch(session, type, requireId(e), patchDocument(e), ifMatch));
      case "DELETE" -> {
        if (e.conditional()) {
          yield result(e, writer.conditionalDelete(session, type, Criteria.parse(e.url())));
        }
        yield result(e, writer.delete(session, type, requireId(e), ifMatch));
      }
      case "GET", "HEAD" -> read(session, e, type);
      default -> throw FhirException.badRequest("invalid-bundle", "Unknown method", e.at());
    };
  }

  private EntryResult read(WriteSession session, Entry e, String type) {
    if (e.conditional()) {
      throw new FhirException(
          400,
          "not-supported",
          "not-supported",
          "Searches inside a Bundle are not supported yet",
          java.util.List.of(e.at() + ".request.url"));
    }
    String[] parts = e.url().split("/");
    StoredVersion v;
    if (parts.length == 2) {
      v = reader.read(type, parts[1]);
    } else if (parts.length == 4 && parts[2].equals("_history")) {
      try {
        v = reader.vread(type, parts[1], Integer.parseInt(parts[3]));
      } catch (NumberFormatException ex) {
        throw FhirException.notFound("version-not-found", "No such version");
      }
    } else {
      throw FhirException.badRequest(
          "invalid-bundle", "Unsupported GET url", e.at() + ".request.url");
    }
    WriteGuard guard = session.guard();
    if (guard != null) {
      guard.read(v);
    }
    return EntryResult.of(e.index(), 200, v, v.body());
  }

  private static EntryResult result(Entry e, Outcome o) {
    return EntryResult.of(e.index(), o.status(), o.version(), null);
  }

  /** POST and PUT entries carry a resource (checked when the entry was parsed). */
  private static ObjectNode resource(Entry e) {
    ObjectNode r = e.resource();
    if (r == null) {
      throw FhirException.badRequest("invalid-bundle", e.method() + " needs a resource", e.at());
    }
    return r;
  }

  private static String requireId(Entry e) {
    String id = e.urlId();
    if (id == null) {
      throw FhirException.badRequest(
          "invalid-bundle",
          e.method() + " needs a url of the form Type/id",
          e.at() + ".request.url");
    }
    return id;
  }

  /** R4 3.1.0.6.2: in a Bundle, a JSON Patch travels as a Binary resource. */
  private static JsonNode patchDocument(Entry e) {
    ObjectNode r = e.resource();
    if (r == null
        || !"Binary".equals(r.path("resourceType").asText())
        || !r.path("contentType").asText().startsWith("application/json-patch+json")) {
      throw FhirException.badRequest(
          "unsupported-patch",
          "PATCH entries must carry a Binary with contentType application/json-patch+json",
          e.at() + ".resource");
    }
    try {
      byte[] doc = Base64.getDecoder().decode(r.path("data").asText(""));
      return FhirJson.parse(doc);
    } catch (IllegalArgumentException ex) {
      throw FhirException.badRequest(
          "invalid-patch", "Binary.data is not base64", e.at() + ".resource.data");
    }
  }

  private static @Nullable Integer version(@Nullable String etag) {
    if (etag == null) {
      return null;
    }
    String digits = etag.replaceAll("[^0-9]", "");
    if (digits.isEmpty()) {
      throw FhirException.badRequest("invalid-etag", "ifMatch must be a version ETag", null);
    }
    return Integer.valueOf(digits);
  }
}
