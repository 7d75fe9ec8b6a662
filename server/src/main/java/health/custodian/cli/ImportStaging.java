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
   * @param matched conditional creates not converted: their condition matched a stored resource or
   *     one created earlier in the import
   */
  record Plan(
      List<StagedInput> inputs,
      List<ImportFile> engineFiles,
      List<Routed> transaction,
      List<String> rejected,
      int matched) {

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

  Plan prepare(List<ImportFile> files, StoredMatches stored)
      throws IOException, InterruptedException {
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
    // First pass: the Bundles' shapes, what references to their entries may say, and their
    // conditional creates.
    List<Candidate> candidates = new ArrayList<>();
    List<StoredMatches.Condition> conditions = new ArrayList<>();
    for (ImportFile file : bundles) {
      JsonNode bundle = readOrNull(file.path());
      String why = bundle == null ? "not readable as JSON" : BundleRoute.transactionOnly(bundle);
      if (bundle == null || why != null) {
        transaction.add(new Routed(file, why == null ? "not readable as JSON" : why));
        continue;
      }
      Candidate candidate = new Candidate(file);
      NdjsonConverter.collectTargets(bundle, candidate.targets);
      int index = 0;
      for (JsonNode entry : bundle.path("entry")) {
        index++;
        StoredMatches.Condition condition = BundleRoute.conditionOf(entry);
        if (condition != null) {
          JsonNode resource = entry.path("resource");
          String key = resource.path("resourceType").asText() + "/" + resource.path("id").asText();
          String fullUrl = entry.hasNonNull("fullUrl") ? entry.path("fullUrl").asText() : null;
          candidate.conditionals.add(new Conditional(index, condition, key, fullUrl));
          conditions.add(condition);
        }
      }
      candidates.add(candidate);
    }
    int matched = 0;
    Map<String, String> targets = new HashMap<>();
    Map<StoredMatches.Condition, List<String>> matches =
        conditions.isEmpty() ? Map.of() : stored.find(conditions);
    Map<StoredMatches.Condition, String> created = new HashMap<>();
    List<Candidate> converted = new ArrayList<>();
    for (Candidate candidate : candidates) {
      String why = ambiguous(candidate, matches);
      if (why != null) {
        transaction.add(new Routed(candidate.file, why));
        continue;
      }
      matched += candidate.resolve(matches, created);
      targets.putAll(candidate.targets);
      converted.add(candidate);
    }
    // Second pass: rewrite the references and write the entries, a whole file or none of it.
    BundleWriters writers = new BundleWriters();
    try {
      for (Candidate candidate : converted) {
        JsonNode bundle = json.readTree(candidate.file.path().toFile());
        Map<Integer, JsonNode> resources = new TreeMap<>();
        String why = null;
        int index = 0;
        for (JsonNode entry : bundle.path("entry")) {
          index++;
          if (candidate.skipped.contains(index)) {
            continue;
          }
          JsonNode resource = entry.path("resource");
          NdjsonConverter.rewrite(resource, targets);
          why = BundleRoute.unresolvedReference(resource, targets);
          if (why != null) {
            break;
          }
          resources.put(index, resource);
        }
        if (why != null) {
          transaction.add(new Routed(candidate.file, why));
          continue;
        }
        int source = writers.source(candidate.file.path());
        for (Map.Entry<Integer, JsonNode> resource : resources.entrySet()) {
          writers.write(resource.getValue(), source, resource.getKey());
        }
        engine.add(candidate.file);
      }
    } finally {
      writers.close();
    }
    inputs.addAll(writers.inputs.values());
    return new Plan(inputs, engine, transaction, rejected, matched);
  }

  /**
   * Why a Bundle keeps the transaction path: a conditional create whose condition matches several
   * stored resources, which that path answers with 412 (R4 http 3.1.0.8); the server then says so
   * in its own words. Null otherwise.
   */
  private static @Nullable String ambiguous(
      Candidate candidate, Map<StoredMatches.Condition, List<String>> matches) {
    for (Conditional c : candidate.conditionals) {
      int n = matches.getOrDefault(c.condition(), List.of()).size();
      if (n > 1) {
        return "entry "
            + c.entry()
            + ": a conditional create whose condition matches "
            + n
            + " stored resources";
      }
    }
    return null;
  }

  /** A conditional create of a Bundle: its entry number, condition, key and fullUrl. */
  private record Conditional(
      int entry, StoredMatches.Condition condition, String key, @Nullable String fullUrl) {}

  /** A Bundle that may be converted: its targets, its conditional creates and those it skips. */
  private static final class Candidate {
    final ImportFile file;
    final Map<String, String> targets = new HashMap<>();
    final List<Conditional> conditionals = new ArrayList<>();
    final Set<Integer> skipped = new java.util.HashSet<>();

    Candidate(ImportFile file) {
      this.file = file;
    }

    /**
     * The transaction path's conditional create (R4 http 3.1.0.8): when the condition matches one
     * stored resource, or a resource an earlier entry of the import creates, the entry creates
     * nothing (the matched resource stays as it is: no new version) and what refers to the entry
     * (its fullUrl, its condition) refers to that resource. Returns how many entries it skips.
     */
    int resolve(
        Map<StoredMatches.Condition, List<String>> matches,
        Map<StoredMatches.Condition, String> created) {
      for (Conditional c : conditionals) {
        List<String> ids = matches.getOrDefault(c.condition(), List.of());
        String match =
            ids.size() == 1 ? c.condition().type() + "/" + ids.get(0) : created.get(c.condition());
        if (match == null) {
          created.put(c.condition(), c.key());
          continue;
        }
        skipped.add(c.entry());
        // Its other identifiers may name another resource in the store: references by them are
        // left for the transaction path to resolve.
        targets.values().removeIf(c.key()::equals);
        if (c.fullUrl() != null) {
          targets.put(c.fullUrl(), match);
        }
        targets.put(c.condition().reference(), match);
      }
      return skipped.size();
    }
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
