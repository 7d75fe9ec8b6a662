package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.storage.ResourceTypes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Validates an {@code $import} kick-off: a Parameters resource with {@code input} parts ({@code
 * type}, {@code url}), as in the Bulk Data import proposal that follows the IG's async pattern. An
 * input url is either a file below an administrator-allowed folder ({@code
 * custodian.bulk.import-dirs}; anything else is 403) or an earlier {@code $import-upload}.
 */
@Component
class ImportRequests {

  private static final Pattern UPLOAD =
      Pattern.compile("(?:^|/)\\$import-upload/([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$");

  private static final Set<String> KNOWN =
      Set.of("input", "inputFormat", "inputSource", "storageDetail", "mode");

  private static final Set<String> FORMATS =
      Set.of("application/fhir+ndjson", "application/ndjson", "ndjson");

  private final BulkSettings settings;
  private final BulkFiles files;

  ImportRequests(BulkSettings settings, BulkFiles files) {
    this.settings = settings;
    this.files = files;
  }

  ImportRequest parse(@Nullable JsonNode body) {
    if (body == null || !"Parameters".equals(body.path("resourceType").asText())) {
      throw FhirException.badRequest(
          "invalid-parameters", "$import takes a Parameters resource", "resourceType");
    }
    List<ImportRequest.Input> inputs = new ArrayList<>();
    for (JsonNode p : body.path("parameter")) {
      String name = p.path("name").asText();
      if (!KNOWN.contains(name)) {
        throw FhirException.badRequest(
            "unknown-parameter", "$import does not support the parameter " + abbr(name), name);
      }
      if (name.equals("inputFormat")) {
        String format = KickOffParameters.value(p);
        if (format == null || !FORMATS.contains(format)) {
          throw FhirException.badRequest(
              "unsupported-format", "inputFormat must be application/fhir+ndjson", "inputFormat");
        }
      }
      if (name.equals("input")) {
        inputs.add(input(p));
      }
    }
    if (inputs.isEmpty()) {
      throw FhirException.badRequest(
          "missing-input", "$import needs at least one input (type and url)", "input");
    }
    return new ImportRequest(List.copyOf(inputs));
  }

  private ImportRequest.Input input(JsonNode input) {
    String type = null;
    String url = null;
    for (JsonNode part : input.path("part")) {
      String name = part.path("name").asText();
      if (name.equals("type")) {
        type = KickOffParameters.value(part);
      } else if (name.equals("url")) {
        url = KickOffParameters.value(part);
      }
    }
    if (type == null || url == null) {
      throw FhirException.badRequest(
          "invalid-input", "Each input needs a type and a url part", "input");
    }
    if (!ResourceTypes.isKnown(type)) {
      throw FhirException.badRequest(
          "unknown-resource-type", "input type is not an R4 resource type: " + abbr(type), "input");
    }
    return new ImportRequest.Input(type, url, resolve(url).toString());
  }

  /** The file an input url names, or an error: 403 outside the allowed folders. */
  private Path resolve(String url) {
    Matcher upload = UPLOAD.matcher(url);
    if (upload.find()) {
      Path path = files.upload(upload.group(1));
      if (!Files.isRegularFile(path)) {
        throw FhirException.badRequest(
            "unknown-upload", "No uploaded file " + upload.group(1) + " (expired?)", "input");
      }
      return path;
    }
    Path path;
    try {
      path = url.startsWith("file:") ? Path.of(URI.create(url)) : Path.of(url);
    } catch (IllegalArgumentException e) {
      throw FhirException.badRequest(
          "unsupported-url",
          "An input url must be a server file path or an $import-upload url",
          "input");
    }
    if (!path.isAbsolute()) {
      throw FhirException.badRequest(
          "unsupported-url",
          "An input url must be an absolute server file path or an $import-upload url",
          "input");
    }
    Path normalized = path.normalize();
    if (!allowed(normalized)) {
      throw forbidden();
    }
    if (!Files.isRegularFile(normalized)) {
      throw FhirException.badRequest("input-not-found", "No such file: " + normalized, "input");
    }
    try {
      // Symbolic links must not lead out of the allowed folders either.
      Path real = normalized.toRealPath();
      if (!allowed(real)) {
        throw forbidden();
      }
      return real;
    } catch (IOException e) {
      throw FhirException.badRequest("input-not-found", "Cannot read " + normalized, "input");
    }
  }

  private boolean allowed(Path path) {
    for (Path dir : settings.importDirs()) {
      Path root = dir.toAbsolutePath().normalize();
      try {
        if (Files.isDirectory(root)) {
          root = root.toRealPath();
        }
      } catch (IOException e) {
        continue;
      }
      if (path.startsWith(root)) {
        return true;
      }
    }
    return false;
  }

  private static FhirException forbidden() {
    return new FhirException(
        403,
        "import-path-forbidden",
        "forbidden",
        "The input file is outside the folders allowed for $import (custodian.bulk.import-dirs)");
  }

  private static String abbr(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
