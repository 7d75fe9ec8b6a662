package health.custodian.records;

import java.time.Instant;

/** One new version of one resource, as committed. */
public record ResourceChange(
    String resourceType, String id, int version, Action action, Instant lastUpdated) {

  /** What the version did to the resource. */
  public enum Action {
    CREATED,
    UPDATED,
    DELETED
  }
}
