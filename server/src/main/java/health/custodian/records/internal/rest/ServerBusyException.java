package health.custodian.records.internal.rest;

import health.custodian.records.FhirException;

/**
 * 503 Service Unavailable with a {@code Retry-After} in seconds (RFC 9110 §15.6.4, §10.2.3): the
 * request was not processed at all and may be sent again unchanged.
 */
final class ServerBusyException extends FhirException {

  private final long retryAfterSeconds;

  /**
   * @param issueType the OperationOutcome issue type: {@code throttled} when the server refused the
   *     request to protect itself, {@code transient} when it failed for want of resources (R4
   *     valueset-issue-type)
   */
  ServerBusyException(String code, String issueType, String message, long retryAfterSeconds) {
    super(503, code, issueType, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
