package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import health.custodian.records.FhirException;
import health.custodian.records.internal.access.BulkGateway;
import health.custodian.records.internal.access.CallerJson;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.json.OperationOutcomes;
import health.custodian.records.internal.rest.Requests;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Bulk Data endpoints (IG v2.0.0): kick-offs at {@code /fhir/$export}, {@code
 * /fhir/Patient/$export}, {@code /fhir/Group/{id}/$export} and {@code /fhir/$import}; status at
 * {@code /fhir/$bulk-status/{jobId}} (GET polls, DELETE cancels); files at {@code
 * /fhir/$bulk-file/{jobId}/{file}}; NDJSON uploads for import at {@code /fhir/$import-upload}.
 */
@RestController
class BulkController {

  private static final String JSON = "application/fhir+json";
  private static final String NDJSON = "application/fhir+ndjson";
  private static final int MAX_KICKOFF_BYTES = 1 << 20;

  private final BulkJobs jobs;
  private final ExportRequests exports;
  private final ImportRequests imports;
  private final BulkManifests manifests;
  private final BulkUploads uploads;
  private final BulkGateway gateway;

  BulkController(
      BulkJobs jobs,
      ExportRequests exports,
      ImportRequests imports,
      BulkManifests manifests,
      BulkUploads uploads,
      BulkGateway gateway) {
    this.gateway = gateway;
    this.jobs = jobs;
    this.exports = exports;
    this.imports = imports;
    this.manifests = manifests;
    this.uploads = uploads;
  }

  @RequestMapping(
      path = "/fhir/$export",
      method = {RequestMethod.GET, RequestMethod.POST})
  ResponseEntity<byte[]> systemExport(HttpServletRequest request) {
    return export(request, ExportRequest.Level.SYSTEM, null);
  }

  @RequestMapping(
      path = "/fhir/Patient/$export",
      method = {RequestMethod.GET, RequestMethod.POST})
  ResponseEntity<byte[]> patientExport(HttpServletRequest request) {
    return export(request, ExportRequest.Level.PATIENT, null);
  }

  @RequestMapping(
      path = "/fhir/Group/{id}/$export",
      method = {RequestMethod.GET, RequestMethod.POST})
  ResponseEntity<byte[]> groupExport(@PathVariable String id, HttpServletRequest request) {
    return export(request, ExportRequest.Level.GROUP, id);
  }

  @PostMapping("/fhir/$import")
  ResponseEntity<byte[]> bulkImport(HttpServletRequest request) {
    requireAsync(request);
    ImportRequest parsed = imports.parse(body(request));
    Caller caller =
        gateway.importKickOff(
            parsed.inputs().stream().map(ImportRequest.Input::type).distinct().toList(),
            c -> uploads.requireOwned(parsed, c));
    return accepted(
        request,
        jobs.start(BulkJob.Kind.IMPORT, requestUrl(request), parsed, CallerJson.write(caller)));
  }

  /**
   * Stores an NDJSON body for a later {@code $import} (Custodian's own endpoint: the import
   * proposal only fetches from URLs). Answers 201 with the url to name as an input's {@code url}.
   */
  @PostMapping("/fhir/$import-upload")
  ResponseEntity<byte[]> upload(HttpServletRequest request) throws IOException {
    Caller uploader = gateway.importUpload();
    String id;
    try (InputStream in = request.getInputStream()) {
      id = uploads.store(in, uploader);
    }
    String url = base(request) + "/$import-upload/" + id;
    ObjectNode parameters = FhirJson.nodes().objectNode();
    parameters.put("resourceType", "Parameters");
    ObjectNode p = parameters.putArray("parameter").addObject();
    p.put("name", "url");
    p.put("valueUrl", url);
    return ResponseEntity.status(201)
        .header(HttpHeaders.LOCATION, url)
        .header(HttpHeaders.CONTENT_TYPE, JSON)
        .body(FhirJson.write(parameters).getBytes(StandardCharsets.UTF_8));
  }

  /** IG v2.0.0 "Bulk Data Status Request". */
  @GetMapping("/fhir/$bulk-status/{jobId}")
  ResponseEntity<byte[]> status(@PathVariable String jobId, HttpServletRequest request) {
    BulkJob job = followed(jobId);
    switch (job.state()) {
      case QUEUED, IN_PROGRESS -> {
        String progress = jobs.progress(jobId).orElse(job.state().code());
        return ResponseEntity.status(202)
            .header("X-Progress", progress)
            .header(HttpHeaders.RETRY_AFTER, "1")
            .build();
      }
      case FAILED -> {
        String why = job.error() == null ? "The job failed" : job.error();
        throw new FhirException(500, "bulk-job-failed", "exception", why);
      }
      default -> {
        return ResponseEntity.ok()
            .header(HttpHeaders.CONTENT_TYPE, "application/json")
            .header(HttpHeaders.EXPIRES, manifests.expires(job))
            .body(manifests.render(job, base(request)).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** IG v2.0.0 "Bulk Data Delete Request". */
  @DeleteMapping("/fhir/$bulk-status/{jobId}")
  ResponseEntity<byte[]> cancel(@PathVariable String jobId) {
    followed(jobId);
    if (!jobs.cancel(jobId)) {
      throw noJob();
    }
    return ResponseEntity.status(202).build();
  }

  /** IG v2.0.0 "File Request": NDJSON as written. */
  @GetMapping("/fhir/$bulk-file/{jobId}/{file}")
  ResponseEntity<Resource> file(@PathVariable String jobId, @PathVariable String file) {
    BulkJob job = followed(jobId);
    Path path =
        job.state() == BulkJob.State.COMPLETED
            ? manifests.file(jobId, file).orElseThrow(BulkController::noFile)
            : null;
    if (path == null) {
      throw noFile();
    }
    // The moment data leaves the server: audited (durably, before the file is sent) with the
    // patients the file concerns, so that the accounting of disclosures lists it.
    gateway.bulkFileDownloaded(
        job.kind() == BulkJob.Kind.EXPORT ? "export" : "import",
        "$bulk-file/" + jobId + "/" + file,
        manifests.patients(job, file));
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_TYPE, NDJSON)
        .body(new FileSystemResource(path));
  }

  /**
   * The job, if the caller may follow it ({@link BulkGateway#mayFollowJob}): its kick-off caller,
   * still permitted to export (import) every type it names. Anyone else gets the answer for an
   * unknown job, so that job ids reveal nothing.
   */
  private BulkJob followed(String jobId) {
    BulkJob job = jobs.find(jobId).orElseThrow(BulkController::noJob);
    Interaction interaction =
        job.kind() == BulkJob.Kind.EXPORT ? Interaction.EXPORT : Interaction.IMPORT;
    if (!gateway.mayFollowJob(jobs.caller(jobId), interaction, BulkJobs.types(job))) {
      throw noJob();
    }
    return job;
  }

  private ResponseEntity<byte[]> export(
      HttpServletRequest request, ExportRequest.Level level, @Nullable String groupId) {
    requireAsync(request);
    JsonNode body = request.getMethod().equals("POST") ? body(request) : null;
    ExportRequest parsed =
        exports.parse(level, groupId, queryParameters(request), body, lenient(request));
    Caller caller = gateway.exportKickOff(parsed.exportedTypes());
    return accepted(
        request,
        jobs.start(BulkJob.Kind.EXPORT, requestUrl(request), parsed, CallerJson.write(caller)));
  }

  /** IG v2.0.0 "Response - Success": 202 and the status URL in Content-Location. */
  private ResponseEntity<byte[]> accepted(HttpServletRequest request, String jobId) {
    String status = base(request) + "/$bulk-status/" + jobId;
    ObjectNode outcome = OperationOutcomes.information("Accepted; poll " + status);
    return ResponseEntity.status(202)
        .header(HttpHeaders.CONTENT_LOCATION, status)
        .header(HttpHeaders.CONTENT_TYPE, JSON)
        .body(FhirJson.write(outcome).getBytes(StandardCharsets.UTF_8));
  }

  /** IG v2.0.0 "Headers": {@code Prefer: respond-async} is required. */
  private static void requireAsync(HttpServletRequest request) {
    for (String header : Collections.list(request.getHeaders("Prefer"))) {
      for (String part : header.split("[,;]")) {
        if (part.trim().toLowerCase(Locale.ROOT).equals("respond-async")) {
          return;
        }
      }
    }
    throw FhirException.badRequest(
        "respond-async-required", "Bulk data requests need the header Prefer: respond-async", null);
  }

  /** {@code Prefer: handling=lenient} (R4 3.1.0.1.11; IG v2.0.0 "Query Parameters"). */
  private static boolean lenient(HttpServletRequest request) {
    for (String header : Collections.list(request.getHeaders("Prefer"))) {
      for (String part : header.split("[,;]")) {
        if (part.trim().toLowerCase(Locale.ROOT).equals("handling=lenient")) {
          return true;
        }
      }
    }
    return false;
  }

  private static @Nullable JsonNode body(HttpServletRequest request) {
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_KICKOFF_BYTES + 1);
      if (bytes.length > MAX_KICKOFF_BYTES) {
        throw new FhirException(
            413, "body-too-large", "too-long", "The kick-off body is too large");
      }
      return bytes.length == 0 ? null : FhirJson.parseResource(bytes);
    } catch (IOException e) {
      throw FhirException.badRequest("unreadable-body", "The request body could not be read", null);
    }
  }

  private static Map<String, List<String>> queryParameters(HttpServletRequest request) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String query = request.getQueryString();
    if (query != null) {
      ExportRequests.parseQuery(query).forEach((k, v) -> out.put(k, new ArrayList<>(v)));
    }
    return out;
  }

  static String base(HttpServletRequest r) {
    return Requests.base(r);
  }

  private static String requestUrl(HttpServletRequest r) {
    String q = r.getQueryString();
    return base(r)
        + r.getRequestURI().substring(r.getContextPath().length() + "/fhir".length())
        + (q == null ? "" : "?" + q);
  }

  private static FhirException noJob() {
    return FhirException.notFound("unknown-bulk-job", "No such bulk data job (or it was deleted)");
  }

  private static FhirException noFile() {
    return FhirException.notFound("unknown-bulk-file", "No such file for this job");
  }
}
