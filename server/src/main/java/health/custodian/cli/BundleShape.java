package health.custodian.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The top-level shape of a JSON file (resourceType, Bundle.type, number of entries), read with a
 * streaming parser: a 50 MB transaction Bundle is sent byte for byte, so building its tree just to
 * count entries would cost several times its size in heap for nothing.
 */
record BundleShape(@Nullable String resourceType, @Nullable String bundleType, int entries) {

  private static final JsonFactory FACTORY = new JsonFactory();

  /** Scans the top-level object; throws IOException for malformed JSON. */
  static BundleShape scan(byte[] json) throws IOException {
    String resourceType = null;
    String bundleType = null;
    int entries = 0;
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new BundleShape(null, null, 0);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("resourceType") && value == JsonToken.VALUE_STRING) {
          resourceType = p.getText();
        } else if (name.equals("type") && value == JsonToken.VALUE_STRING) {
          bundleType = p.getText();
        } else if (name.equals("entry") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            entries++;
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return new BundleShape(resourceType, bundleType, entries);
  }

  boolean sendAsIs() {
    return "Bundle".equals(resourceType)
        && ("transaction".equals(bundleType) || "batch".equals(bundleType));
  }
}
