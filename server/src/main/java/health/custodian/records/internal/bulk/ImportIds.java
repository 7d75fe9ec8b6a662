package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Type/id} of every line of every input, read in a first streaming pass (top-level
 * {@code id} only): the import's keys for the reference check (so a reference forward in the import
 * is not mistaken for a dangling one), and the few keys that occur more than once. An id may occur
 * once in an import (issue #4, "duplicate ids inside one import"): the first occurrence is taken,
 * every later one is rejected naming the first. Memory: 16 bytes a resource ({@link KeySet}) plus
 * the duplicated keys.
 */
final class ImportIds {

  private static final JsonFactory JSON = new JsonFactory();

  private final KeySet keys = new KeySet();
  private final Set<String> duplicated = new HashSet<>();
  private final Map<String, String> firstSeen = new HashMap<>();

  /** Scans every input; reports progress through {@code control}. */
  static ImportIds scan(ImportRequest request, JobControl control, int maxLine) {
    ImportIds ids = new ImportIds();
    for (ImportRequest.Input input : request.inputs()) {
      control.progress("scanning " + input.type() + " ids");
      try (InputStream in = Files.newInputStream(Path.of(input.path()))) {
        NdjsonLines lines = new NdjsonLines(in, maxLine);
        NdjsonLines.Line line;
        while ((line = lines.next()) != null) {
          String id = topLevelId(line.bytes());
          if (id != null) {
            String key = input.type() + "/" + id;
            if (!ids.keys.add(key)) {
              ids.duplicated.add(key);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ids;
  }

  /** Every key of the import (a 64-bit hash set). */
  KeySet keys() {
    return keys;
  }

  /**
   * Where this key first occurred ({@code <input url> line N}) if this occurrence is a later one;
   * null for the first occurrence, which is recorded here. Called in input order, by one thread.
   */
  @Nullable String earlierOccurrence(String key, String inputUrl, long line) {
    if (!duplicated.contains(key)) {
      return null;
    }
    String first = firstSeen.get(key);
    if (first == null) {
      firstSeen.put(key, inputUrl + " line " + line);
    }
    return first;
  }

  private static @Nullable String topLevelId(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
          return p.getText();
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
