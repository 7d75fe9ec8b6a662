package health.custodian.records.internal.bulk;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code bulk_job}. */
record BulkJob(
    String id,
    Kind kind,
    State state,
    String requestUrl,
    String parameters,
    @Nullable Instant transactionTime,
    @Nullable String progress,
    @Nullable String error,
    @Nullable String manifest,
    Instant createdAt,
    @Nullable Instant finishedAt) {

  enum Kind {
    EXPORT,
    IMPORT
  }

  enum State {
    QUEUED("queued"),
    IN_PROGRESS("in-progress"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String code;

    State(String code) {
      this.code = code;
    }

    String code() {
      return code;
    }

    static State of(String code) {
      for (State s : values()) {
        if (s.code.equals(code)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown job state " + code);
    }
  }
}
