package health.custodian.records.internal.rest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import health.custodian.records.internal.storage.StoredVersion;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Builds Bundle JSON as text around stored resource JSON, so that searches and history never
 * re-parse the resources they return (R4 2.36 Bundle).
 */
final class BundleJson {

  private final StringBuilder sb = new StringBuilder(8192);
  private boolean firstEntry = true;
  private boolean firstLink = true;
  private boolean linksOpen;

  BundleJson(String type, @Nullable Long total) {
    sb.append("{\"resourceType\":\"Bundle\",\"type\":\"").append(type).append('"');
    if (total != null) {
      sb.append(",\"total\":").append(total);
    }
  }

  BundleJson link(String relation, String url) {
    sb.append(firstLink ? ",\"link\":[" : ",");
    firstLink = false;
    linksOpen = true;
    sb.append("{\"relation\":")
        .append(quote(relation))
        .append(",\"url\":")
        .append(quote(url))
        .append('}');
    return this;
  }

  /** A searchset entry. */
  BundleJson match(String base, StoredVersion v, String mode) {
    startEntry(base, v);
    sb.append(",\"resource\":").append(v.body());
    sb.append(",\"search\":{\"mode\":\"").append(mode).append("\"}}");
    return this;
  }

  /** A history entry (R4 3.1.0.10: request and response per version; no resource for deletes). */
  BundleJson historyEntry(String base, StoredVersion v) {
    startEntry(base, v);
    if (v.body() != null) {
      sb.append(",\"resource\":").append(v.body());
    }
    String url = v.method().equals("POST") ? v.resourceType() : v.resourceType() + "/" + v.id();
    sb.append(",\"request\":{\"method\":\"")
        .append(v.method())
        .append("\",\"url\":")
        .append(quote(url))
        .append('}');
    sb.append(",\"response\":{\"status\":\"")
        .append(v.deleted() ? "204" : v.version() == 1 ? "201" : "200")
        .append("\",\"etag\":")
        .append(quote(v.etag()))
        .append(",\"lastModified\":\"")
        .append(DateTimeFormatter.ISO_INSTANT.format(v.lastUpdated()))
        .append("\"}}");
    return this;
  }

  /** A raw entry body (already JSON), for transaction/batch responses. */
  BundleJson rawEntry(String entryJson) {
    closeLinks();
    sb.append(firstEntry ? ",\"entry\":[" : ",");
    firstEntry = false;
    sb.append(entryJson);
    return this;
  }

  String build() {
    closeLinks();
    if (!firstEntry) {
      sb.append(']');
    }
    return sb.append('}').toString();
  }

  private void startEntry(String base, StoredVersion v) {
    closeLinks();
    sb.append(firstEntry ? ",\"entry\":[" : ",");
    firstEntry = false;
    sb.append("{\"fullUrl\":").append(quote(base + "/" + v.resourceType() + "/" + v.id()));
  }

  /** Links come before entries; the first entry closes the link array. */
  private void closeLinks() {
    if (linksOpen) {
      sb.append(']');
      linksOpen = false;
    }
  }

  static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
