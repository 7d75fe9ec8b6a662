package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.json.OperationOutcomes;
import health.custodian.records.internal.validation.InvalidResourceException;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The error report of one input: NDJSON, one OperationOutcome per rejected line, each naming the
 * input url and line number in {@code diagnostics} (and the FHIRPath of the problem in {@code
 * expression} where known). The file is created on the first error only. Thread-safe: the batch
 * writer thread reports too, so lines may be out of order.
 */
final class ImportErrors implements Closeable {

  private final Path file;
  private final String inputUrl;
  private @Nullable BufferedWriter out;
  private long count;

  ImportErrors(Path file, String inputUrl) {
    this.file = file;
    this.inputUrl = inputUrl;
  }

  synchronized long count() {
    return count;
  }

  String fileName() {
    return file.getFileName().toString();
  }

  synchronized void reject(long line, RuntimeException e) {
    ObjectNode outcome;
    if (e instanceof InvalidResourceException invalid) {
      outcome = OperationOutcomes.fromIssues(invalid.issues());
    } else if (e instanceof FhirException fhir) {
      outcome = OperationOutcomes.fromException(fhir);
    } else {
      outcome =
          OperationOutcomes.of(
              "error",
              "exception",
              "import-failed",
              "The resource could not be stored (" + e.getClass().getSimpleName() + ")",
              List.of());
    }
    write(line, outcome);
  }

  synchronized void reject(long line, String code, String issueType, String message) {
    write(line, OperationOutcomes.of("error", issueType, code, message, List.of()));
  }

  private synchronized void write(long line, ObjectNode outcome) {
    String where = inputUrl + " line " + line + ": ";
    JsonNode issues = outcome.path("issue");
    if (issues instanceof ArrayNode array) {
      for (JsonNode issue : array) {
        if (issue instanceof ObjectNode o) {
          o.put("diagnostics", where + o.path("diagnostics").asText(""));
        }
      }
    }
    try {
      BufferedWriter w = out;
      if (w == null) {
        w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out = w;
      }
      w.write(FhirJson.write(outcome));
      w.write('\n');
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
