package health.custodian.records.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.patch.JsonPatch;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.StoredVersion;
import health.custodian.records.internal.storage.WriteGuard;
import health.custodian.records.internal.storage.WriteSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The write interactions of R4 3.1.0 (create, update, patch, delete and their conditional forms),
 * each applied to a {@link WriteSession} so that single requests and transaction Bundles share one
 * implementation.
 */
@Service
public class RecordWriter {

  private final ResourceChecks checks;
  private final SearchService search;
  private final RecordReader reader;

  RecordWriter(ResourceChecks checks, SearchService search, RecordReader reader) {
    this.checks = checks;
    this.search = search;
    this.reader = reader;
  }

  /** A new server-assigned id (R4 3.1.0.4.1: the server assigns ids on create). */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Create (R4 3.1.0.4.1), conditional when {@code ifNoneExist} is given (R4 3.1.0.4.2): no match
   * creates, one match returns it (200), several fail (412).
   *
   * @param id the id to give the resource (chosen by a transaction for urn:uuid entries), or null
   */
  public Outcome create(
      WriteSession session,
      String type,
      ObjectNode resource,
      @Nullable Criteria ifNoneExist,
      @Nullable String id) {
    checks.checkType(type, resource);
    if (ifNoneExist != null) {
      Optional<StoredVersion> existing = matchOne(session, type, ifNoneExist, "create");
      if (existing.isPresent()) {
        return new Outcome(200, existing.get());
      }
    }
    // R4 3.1.0.4.1: an id in a create body is ignored; the server assigns one.
    checks.validate(resource);
    return new Outcome(201, session.create(type, id != null ? id : newId(), resource));
  }

  /** Update, or update-as-create with a client-chosen id (R4 3.1.0.4.3). */
  public Outcome update(
      WriteSession session,
      String type,
      String id,
      ObjectNode resource,
      @Nullable Integer ifMatch) {
    checks.checkType(type, resource);
    checks.checkId(id, resource);
    checks.validate(resource);
    StoredVersion v = session.update(type, id, resource, ifMatch, "PUT");
    return new Outcome(v.version() == 1 ? 201 : 200, v);
  }

  /** Conditional update (R4 3.1.0.4.4). */
  public Outcome conditionalUpdate(
      WriteSession session,
      String type,
      Criteria criteria,
      ObjectNode resource,
      @Nullable Integer ifMatch) {
    checks.checkType(type, resource);
    Optional<StoredVersion> match = matchOne(session, type, criteria, "update");
    JsonNode bodyId = resource.get("id");
    if (match.isPresent()) {
      String id = match.get().id();
      if (bodyId != null && !id.equals(bodyId.asText())) {
        throw FhirException.badRequest(
            "id-mismatch",
            "The resource id does not match the resource found by the condition",
            type + ".id");
      }
      // R4 3.1.0.4.4: the body may omit the id; the match supplies it.
      resource.put("id", id);
      return update(session, type, id, resource, ifMatch);
    }
    if (bodyId != null && bodyId.isTextual()) {
      return update(session, type, bodyId.textValue(), resource, ifMatch);
    }
    checks.validate(resource);
    return new Outcome(201, session.create(type, newId(), resource));
  }

  /** JSON Patch (R4 3.1.0.6.2, RFC 6902); the patched resource is validated like an update. */
  public Outcome patch(
      WriteSession session,
      String type,
      String id,
      JsonNode patchDocument,
      @Nullable Integer ifMatch) {
    JsonPatch patch = JsonPatch.parse(patchDocument);
    StoredVersion current = session.lockForChange(type, id, ifMatch);
    ObjectNode patched =
        patch.apply(
            FhirJson.parseResource(
                Objects.requireNonNull(current.body(), "a live version has a body")
                    .getBytes(StandardCharsets.UTF_8)));
    checks.checkType(type, patched);
    checks.checkId(id, patched);
    checks.validate(patched);
    return new Outcome(200, session.update(type, id, patched, null, "PATCH"));
  }

  /** Delete (R4 3.1.0.7); deleting what is not there is a success with nothing written. */
  public Outcome delete(WriteSession session, String type, String id, @Nullable Integer ifMatch) {
    checks.checkKnownType(type);
    return new Outcome(204, session.delete(type, id, ifMatch).orElse(null));
  }

  /** Conditional delete of a single match (R4 3.1.0.7.1); several matches fail with 412. */
  public Outcome conditionalDelete(WriteSession session, String type, Criteria criteria) {
    checks.checkKnownType(type);
    Optional<StoredVersion> match = matchOne(session, type, criteria, "delete");
    if (match.isEmpty()) {
      return new Outcome(204, null);
    }
    return delete(session, type, match.get().id(), null);
  }

  /**
   * Resolves a conditional reference ({@code Patient?identifier=...}) to exactly one resource (R4
   * 3.1.0.11.2); none or several is an error.
   */
  public String resolveConditionalReference(WriteSession session, String reference) {
    int q = reference.indexOf('?');
    String type = reference.substring(0, q);
    checks.checkKnownType(type);
    List<Long> pks = match(session, type, Criteria.parse(reference).parameters(), 2);
    if (pks.size() != 1) {
      throw new FhirException(
          pks.isEmpty() ? 400 : 412,
          pks.isEmpty() ? "conditional-reference-unresolved" : "conditional-reference-ambiguous",
          pks.isEmpty() ? "not-found" : "multiple-matches",
          "The conditional reference "
              + type
              + "?... matches "
              + (pks.isEmpty() ? "no resource" : "more than one resource"));
    }
    StoredVersion v = reader.currentByPks(pks).get(0);
    return type + "/" + v.id();
  }

  /**
   * The match of a conditional create's criteria, holding the condition's lock until commit; used
   * by transactions to resolve the entry's fullUrl before any entry runs.
   */
  public Optional<StoredVersion> matchForCreate(
      WriteSession session, String type, Criteria criteria) {
    return matchOne(session, type, criteria, "create");
  }

  /**
   * A condition's search: under the gateway's guard only among resources the caller may see, so a
   * conditional write can neither match nor reveal a hidden resource (issue #5).
   */
  private List<Long> match(
      WriteSession session, String type, Map<String, List<String>> parameters, int limit) {
    WriteGuard guard = session.guard();
    return guard == null
        ? search.match(type, parameters, limit)
        : guard.match(type, parameters, limit);
  }

  private Optional<StoredVersion> matchOne(
      WriteSession session, String type, Criteria criteria, String interaction) {
    checks.checkKnownType(type);
    session.lockCondition(criteria.lockKey(type));
    List<Long> pks = match(session, type, criteria.parameters(), 2);
    if (pks.size() > 1) {
      throw new FhirException(
          412,
          "multiple-matches",
          "multiple-matches",
          "The conditional " + interaction + " criteria match more than one " + type);
    }
    if (pks.isEmpty()) {
      return Optional.empty();
    }
    List<StoredVersion> found = reader.currentByPks(pks);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }
}
