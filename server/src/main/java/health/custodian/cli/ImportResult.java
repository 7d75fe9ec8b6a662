package health.custodian.cli;

import java.time.Duration;

/**
 * What an import achieved.
 *
 * @param files files read
 * @param resources resources stored
 * @param failed failures (requests, entries or lines)
 * @param requests HTTP requests sent, retries included
 * @param elapsed wall-clock time
 */
record ImportResult(int files, long resources, long failed, long requests, Duration elapsed) {

  double resourcesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? resources / seconds : 0;
  }
}
