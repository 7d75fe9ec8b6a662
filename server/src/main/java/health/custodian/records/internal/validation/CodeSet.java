package health.custodian.records.internal.validation;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The codes of a fully expanded value set, per code system, for required bindings (R4 terminologies
 * §4.1, "required": the value SHALL be in the value set).
 *
 * @param url the value set canonical, without version
 * @param codesBySystem code system URL to its codes
 * @param allCodes every code regardless of system, for {@code code} elements that carry no system
 */
record CodeSet(String url, Map<String, Set<String>> codesBySystem, Set<String> allCodes) {

  static CodeSet of(String url, Map<String, Set<String>> codesBySystem) {
    Set<String> all = new HashSet<>();
    codesBySystem.values().forEach(all::addAll);
    return new CodeSet(url, Map.copyOf(codesBySystem), Set.copyOf(all));
  }

  boolean coversSystem(String system) {
    return codesBySystem.containsKey(system);
  }

  boolean contains(String system, String code) {
    Set<String> codes = codesBySystem.get(system);
    return codes != null && codes.contains(code);
  }
}
