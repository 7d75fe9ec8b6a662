package health.custodian.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Prepares {@code custodian import}'s files for the {@code $import} engine, one file at a time:
 * NDJSON of one type is used as it is; mixed NDJSON is split by type, and Bundles that {@link
 * BundleRoute} accepts are converted ({@link NdjsonConverter}), into a folder of their own that the
 * caller removes. Everything else is left to the transaction path, with the reason.
 */
final class ImportStaging {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final byte[] TYPE_PREFIX =
      "{\"resourceType\":\"".getBytes(StandardCharsets.US_ASCII);

  /** A file that keeps the transaction path, and why. */
  record Routed(ImportFile file, String reason) {}

  /**
   * What to import and how.
   *
   * @param inputs the {@code $import} job's inputs
   * @param engineFiles the user's files that go through the engine
   * @param transaction the files that keep the transaction path
   * @param rejected lines rejected before the job ({@code file:line: message})
   */
  record Plan(
      List<StagedInput> inputs,
      List<ImportFile> engineFiles,
      List<Routed> transaction,
      List<String> rejected) {

    long resources() {
      return inputs.stream().mapToLong(StagedInput::lines).sum();
    }
  }

  private final ObjectMapper json;
  private final Path folder;

  /** {@code folder} receives the files written for the job (created when first needed). */
  ImportStaging(ObjectMapper json, Path folder) {
    this.json = json;
    this.folder = folder;
  }

  Plan prepare(List<ImportFile> files) throws IOException {
    List<StagedInput> inputs = new ArrayList<>();
    List<ImportFile> engine = new ArrayList<>();
    List<Routed> transaction = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    List<ImportFile> bundles = new ArrayList<>();
    int split = 0;
    for (ImportFile file : files) {
      if (ImportFiles.isNdjson(file.path())) {
        inputs.addAll(ndjson(file.path(), split++, rejected));
        engine.add(file);
      } else {
        bundles.add(file);
      }
    }
    // First pass: the Bundles' shapes, and what references to their entries may say.
    Map<Path, Map<String, String>> targetsByFile = new HashMap<>();
    List<ImportFile> candidates = new ArrayList<>();
    for (ImportFile file : bundles) {
      JsonNode bundle = readOrNull(file.path());
      String why = bundle == null ? "not readable as JSON" : BundleRoute.transactionOnly(bundle);
      if (bundle == null || why != null) {
        transaction.add(new Routed(file, why == null ? "not readable as JSON" : why));
        continue;
      }
      Map<String, String> targets = new HashMap<>();
      NdjsonConverter.collectTargets(bundle, targets);
      targetsByFile.put(file.path(), targets);
      candidates.add(file);
    }
    Map<String, String> targets = new HashMap<>();
    candidates.forEach(f -> targets.putAll(targetsByFile.get(f.path())));
    // Second pass: rewrite the references and write the entries, a whole file or none of it.
    BundleWriters writers = new BundleWriters();
    try {
      for (ImportFile file : candidates) {
        JsonNode bundle = json.readTree(file.path().toFile());
        List<JsonNode> resources = new ArrayList<>();
        String why = null;
        for (JsonNode entry : bundle.path("entry")) {
          JsonNode resource = entry.path("resource");
          NdjsonConverter.rewrite(resource, targets);
          why = BundleRoute.unresolvedReference(resource, targets);
          if (why != null) {
            break;
          }
          resources.add(resource);
        }
        if (why != null) {
          transaction.add(new Routed(file, why));
          continue;
        }
        int source = writers.source(file.path());
        int index = 0;
        for (JsonNode resource : resources) {
          writers.write(resource, source, ++index);
        }
        engine.add(file);
      }
    } finally {
      writers.close();
    }
    inputs.addAll(writers.inputs.values());
    return new Plan(inputs, engine, transaction, rejected);
  }

  private @Nullable JsonNode readOrNull(Path file) {
    try {
      return json.readTree(file.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * An NDJSON file: as it is when all its lines are of one type, else split by type. A line without
   * a readable {@code resourceType} is rejected here, as the engine would reject it.
   */
  private List<StagedInput> ndjson(Path file, int number, List<String> rejected)
      throws IOException {
    Set<String> types = new LinkedHashSet<>();
    int lines = 0;
    boolean bad = false;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String type = typeOf(line);
        if (type == null) {
          bad = true;
        } else {
          types.add(type);
          lines++;
        }
      }
    }
    if (!bad && types.size() == 1) {
      return List.of(StagedInput.asIs(types.iterator().next(), file, lines));
    }
    Files.createDirectories(folder);
    Map<String, StagedInput> inputs = new TreeMap<>();
    Map<String, OutputStream> outs = new HashMap<>();
    List<Path> sources = List.of(file);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String type = typeOf(line);
        if (type == null) {
          rejected.add(file + ":" + n + ": not a JSON object with a resourceType");
          continue;
        }
        StagedInput input = inputs.get(type);
        if (input == null) {
          Path part = folder.resolve("ndjson-" + number + "-" + type + ".ndjson");
          input = StagedInput.written(type, part, sources);
          inputs.put(type, input);
          outs.put(type, new BufferedOutputStream(Files.newOutputStream(part), 1 << 16));
        }
        OutputStream out = Objects.requireNonNull(outs.get(type));
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        input.lineFrom(0, n);
      }
    } finally {
      for (OutputStream out : outs.values()) {
        out.close();
      }
    }
    return List.copyOf(inputs.values());
  }

  /** The line's top-level {@code resourceType}, or null if it is not a JSON object with one. */
  static @Nullable String typeOf(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    if (startsWith(bytes, TYPE_PREFIX)) {
      int end = TYPE_PREFIX.length;
      while (end < bytes.length && bytes[end] != '"' && bytes[end] != '\\') {
        end++;
      }
      if (end < bytes.length && bytes[end] == '"' && end > TYPE_PREFIX.length) {
        return new String(
            bytes, TYPE_PREFIX.length, end - TYPE_PREFIX.length, StandardCharsets.UTF_8);
      }
    }
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("resourceType") && value == JsonToken.VALUE_STRING) {
          String type = p.getText();
          return type.isBlank() ? null : type;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The converted Bundles' entries, one NDJSON file per type. */
  private final class BundleWriters {
    final Map<String, StagedInput> inputs = new TreeMap<>();
    final Map<String, OutputStream> outs = new HashMap<>();
    final List<Path> sources = new ArrayList<>();

    int source(Path file) {
      sources.add(file);
      return sources.size() - 1;
    }

    void write(JsonNode resource, int source, int entry) throws IOException {
      String type = resource.path("resourceType").asText();
      StagedInput input = inputs.get(type);
      if (input == null) {
        Files.createDirectories(folder);
        Path part = folder.resolve("bundles-" + type + ".ndjson");
        input = StagedInput.written(type, part, sources);
        inputs.put(type, input);
        outs.put(type, new BufferedOutputStream(Files.newOutputStream(part), 1 << 16));
      }
      OutputStream out = Objects.requireNonNull(outs.get(type));
      out.write(json.writeValueAsBytes(resource));
      out.write('\n');
      input.lineFrom(source, entry);
    }

    void close() throws IOException {
      for (OutputStream out : outs.values()) {
        out.close();
      }
    }
  }
}
