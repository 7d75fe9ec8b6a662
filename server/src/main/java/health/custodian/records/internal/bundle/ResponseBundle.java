package health.custodian.records.internal.bundle;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import health.custodian.records.internal.json.FhirJson;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/** The transaction-response / batch-response Bundle, entries in request order (R4 3.1.0.11). */
final class ResponseBundle {

  private ResponseBundle() {}

  static String of(String type, List<EntryResult> results) {
    StringBuilder sb = new StringBuilder(128 + results.size() * 160);
    sb.append("{\"resourceType\":\"Bundle\",\"type\":\"").append(type).append("\",\"entry\":[");
    List<EntryResult> ordered =
        results.stream().sorted(Comparator.comparingInt(EntryResult::index)).toList();
    for (int i = 0; i < ordered.size(); i++) {
      EntryResult r = ordered.get(i);
      if (i > 0) {
        sb.append(',');
      }
      sb.append('{');
      if (r.resourceJson() != null) {
        sb.append("\"resource\":").append(r.resourceJson()).append(',');
      }
      sb.append("\"response\":{\"status\":").append(quote(r.status()));
      if (r.location() != null) {
        sb.append(",\"location\":").append(quote(r.location()));
      }
      if (r.version() != null) {
        sb.append(",\"etag\":").append(quote(r.version().etag()));
        sb.append(",\"lastModified\":\"")
            .append(DateTimeFormatter.ISO_INSTANT.format(r.version().lastUpdated()))
            .append('"');
      }
      if (r.outcome() != null) {
        sb.append(",\"outcome\":").append(FhirJson.write(r.outcome()));
      }
      sb.append("}}");
    }
    return sb.append("]}").toString();
  }

  private static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
