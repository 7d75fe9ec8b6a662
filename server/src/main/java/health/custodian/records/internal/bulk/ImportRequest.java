package health.custodian.records.internal.bulk;

import java.util.List;

/**
 * A validated {@code $import}: the NDJSON inputs, each a file the server may read.
 *
 * @param inputs in the order given; loaded in that order
 */
record ImportRequest(List<Input> inputs) {

  /**
   * @param type the resource type of every line
   * @param url the url as the client gave it (echoed in the manifest and error report)
   * @param path the file on the server
   */
  record Input(String type, String url, String path) {}
}
