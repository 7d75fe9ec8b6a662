package health.custodian.records.internal.validation;

import health.custodian.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The official R4 example resources as text (shared data, not in git). */
final class ExampleArchive {

  private ExampleArchive() {}

  /** File name to JSON text, for every resource example (not the package metadata). */
  static Map<String, String> read() {
    Map<String, String> result = new LinkedHashMap<>();
    SharedData.officialExamples()
        .forEach((name, bytes) -> result.put(name, new String(bytes, StandardCharsets.UTF_8)));
    return result;
  }
}
