package health.custodian.records.internal.storage;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of history.
 *
 * @param next where the next page starts; null on the last page
 * @param total number of versions in the whole history (first page only)
 */
public record HistoryPage(
    List<StoredVersion> versions, @Nullable Cursor next, @Nullable Long total) {

  /**
   * Keyset position: versions strictly older than ({@code lastUpdated}, {@code seq}), never newer
   * than {@code maxSeq} (the newest version when the first page was read, so that writes made while
   * a client pages do not shift the pages).
   */
  public record Cursor(Instant lastUpdated, long seq, long maxSeq) {

    public String encode() {
      return lastUpdated.toEpochMilli() + "." + seq + "." + maxSeq;
    }

    public static Cursor decode(String token) {
      String[] parts = token.split("\\.");
      if (parts.length != 3) {
        throw new IllegalArgumentException("bad cursor");
      }
      return new Cursor(
          Instant.ofEpochMilli(Long.parseLong(parts[0])),
          Long.parseLong(parts[1]),
          Long.parseLong(parts[2]));
    }
  }
}
