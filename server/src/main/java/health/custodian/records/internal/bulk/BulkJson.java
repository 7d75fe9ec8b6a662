package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.List;

/** Job requests and stored manifests to and from JSON text (the {@code bulk_job} columns). */
final class BulkJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectWriter WRITER = MAPPER.writer();

  private BulkJson() {}

  /** What a finished job produced (file names, not URLs). */
  record StoredManifest(
      String transactionTime,
      List<ManifestFile> output,
      List<ManifestFile> error,
      boolean warnings) {}

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
