package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Job requests and stored manifests to and from JSON text (the {@code bulk_job} columns). */
final class BulkJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectWriter WRITER = MAPPER.writer();

  private BulkJson() {}

  /**
   * What a finished job produced (file names, not URLs).
   *
   * @param importPhases for imports: how long loading and indexing took; null for exports
   */
  record StoredManifest(
      String transactionTime,
      List<ManifestFile> output,
      List<ManifestFile> error,
      boolean warnings,
      @Nullable ImportPhases importPhases) {

    StoredManifest(
        String transactionTime,
        List<ManifestFile> output,
        List<ManifestFile> error,
        boolean warnings) {
      this(transactionTime, output, error, warnings, null);
    }
  }

  /**
   * The two phases of an import: loading the resources (versioned, readable) and writing their
   * search index rows; the job completes only after both.
   */
  record ImportPhases(long loadMillis, long indexMillis, long indexed) {}

  static String write(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      ObjectReader reader = MAPPER.readerFor(type);
      return reader.readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read " + type.getSimpleName(), e);
    }
  }
}
