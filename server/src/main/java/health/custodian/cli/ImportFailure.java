package health.custodian.cli;

import java.nio.file.Path;

/**
 * Something that could not be imported. Never holds resource content: patient data must not end up
 * in terminals or logs.
 *
 * @param file the file
 * @param location where in the file (bundle, entry or line)
 * @param status HTTP status, or 0 when there was no HTTP response (unreadable file, I/O error)
 * @param diagnostics the server's OperationOutcome diagnostics or a short reason
 */
record ImportFailure(Path file, String location, int status, String diagnostics) {

  String describe() {
    String http = status > 0 ? "HTTP " + status : "not sent";
    return file + ": " + location + ": " + http + ": " + diagnostics;
  }
}
