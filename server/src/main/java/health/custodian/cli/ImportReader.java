package health.custodian.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns import files into FHIR requests: transaction and batch Bundles as they are, other Bundles
 * into transactions, single resources into PUT (with id) or POST, NDJSON into transactions of PUTs.
 */
final class ImportReader {

  private final ObjectMapper json;
  private final BundleConverter converter;
  private final int ndjsonBatch;

  ImportReader(ObjectMapper json, int ndjsonBatch) {
    this.json = json;
    this.converter = new BundleConverter(json);
    this.ndjsonBatch = ndjsonBatch;
  }

  void read(Path file, ImportSink sink) throws IOException, InterruptedException {
    if (ImportFiles.isNdjson(file)) {
      readNdjson(file, sink);
    } else {
      readJson(file, sink);
    }
  }

  private void readJson(Path file, ImportSink sink) throws IOException, InterruptedException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      BundleShape shape = BundleShape.scan(bytes);
      if (shape.sendAsIs()) {
        // Sent byte for byte: no reason to pay for parsing or re-serializing a large bundle.
        sink.send(
            new ImportRequest(
                "POST",
                "",
                bytes,
                file,
                String.valueOf(shape.bundleType()),
                shape.entries(),
                List.of()));
        return;
      }
    } catch (JsonProcessingException e) {
      sink.fail(new ImportFailure(file, "file", 0, notJson(e)));
      return;
    }
    JsonNode node;
    try {
      node = json.readTree(bytes);
    } catch (JsonProcessingException e) {
      sink.fail(new ImportFailure(file, "file", 0, notJson(e)));
      return;
    }
    if (node == null || !node.isObject() || !node.path("resourceType").isTextual()) {
      sink.fail(new ImportFailure(file, "file", 0, "not a FHIR resource (no resourceType)"));
      return;
    }
    if ("Bundle".equals(node.get("resourceType").asText())) {
      String type = node.path("type").asText("");
      int entries = node.path("entry").size();
      switch (type) {
        case "collection", "searchset", "history" -> {
          byte[] transaction = json.writeValueAsBytes(converter.toTransaction(node));
          sink.send(new ImportRequest("POST", "", transaction, file, type, entries, List.of()));
          return;
        }
        default -> {
          // Documents and messages are resources in their own right: stored as one Bundle.
        }
      }
    }
    sink.send(converter.single(node, bytes, file, "resource"));
  }

  private void readNdjson(Path file, ImportSink sink) throws IOException, InterruptedException {
    List<NdjsonLine> batch = new ArrayList<>(ndjsonBatch);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (JsonProcessingException e) {
          sink.fail(new ImportFailure(file, "line " + number, 0, notJson(e)));
          continue;
        }
        if (node == null || !node.isObject() || !node.path("resourceType").isTextual()) {
          sink.fail(
              new ImportFailure(
                  file, "line " + number, 0, "not a FHIR resource (no resourceType)"));
          continue;
        }
        batch.add(new NdjsonLine(number, node));
        if (batch.size() == ndjsonBatch) {
          sink.send(converter.ndjsonTransaction(file, batch));
          batch = new ArrayList<>(ndjsonBatch);
        }
      }
    }
    if (!batch.isEmpty()) {
      sink.send(converter.ndjsonTransaction(file, batch));
    }
  }

  /** Jackson's own message may quote the offending text, which could be patient data. */
  private static String notJson(JsonProcessingException e) {
    var where = e.getLocation();
    return where == null
        ? "not valid JSON"
        : "not valid JSON (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }
}
