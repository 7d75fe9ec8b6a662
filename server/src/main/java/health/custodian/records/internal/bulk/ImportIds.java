package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        int length;
        while ((length = lines.nextInPlace()) >= 0) {
          String id = topLevelId(input.type(), lines.current(), length);
          if (id != null) {
            ids.see(input.type() + "/" + id);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ids;
  }

  /** Records one occurrence of a key, in input order. */
  void see(String key) {
    if (!keys.add(key)) {
      duplicated.add(key);
    }
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

  /**
   * The top-level id: read straight from the bytes for the usual shape ({@code
   * {"resourceType":"Type","id":"..."} first, as the IG's exports and Synthea write them), else
   * with a streaming parser.
   */
  static @Nullable String topLevelId(String type, byte[] bytes) {
    return topLevelId(type, bytes, bytes.length);
  }

  /** {@link #topLevelId(String, byte[])} of the first {@code length} bytes. */
  static @Nullable String topLevelId(String type, byte[] bytes, int length) {
    if (length == 0) {
      return null;
    }
    String fast = leadingId(type, bytes, length);
    return fast != null ? fast : parsedId(bytes, length);
  }

  private static @Nullable String leadingId(String type, byte[] bytes, int length) {
    String prefix = "{\"resourceType\":\"" + type + "\",\"id\":\"";
    int n = prefix.length();
    if (length <= n) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      if (bytes[i] != prefix.charAt(i)) {
        return null;
      }
    }
    for (int i = n; i < length; i++) {
      byte b = bytes[i];
      if (b == '"') {
        return i == n ? null : new String(bytes, n, i - n, StandardCharsets.US_ASCII);
      }
      // R4 id characters only; anything else (escapes included) goes through the parser.
      boolean idChar =
          (b >= 'A' && b <= 'Z')
              || (b >= 'a' && b <= 'z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '.';
      if (!idChar) {
        return null;
      }
    }
    return null;
  }

  private static @Nullable String parsedId(byte[] bytes, int length) {
    try (JsonParser p = JSON.createParser(bytes, 0, length)) {
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
