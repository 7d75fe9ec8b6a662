package health.custodian.security.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One SMART App Launch resource scope (v2.0.0 "Scopes and Launch Context", section "Scopes for
 * requesting FHIR resources"): {@code context/Type.permissions[?query]}.
 *
 * @param context {@code patient}, {@code user} or {@code system}
 * @param type a resource type, or {@code *} for all
 * @param permissions the v2 permission letters granted, a subset of {@code cruds}; the v1 forms
 *     {@code read}, {@code write} and {@code *} map to {@code rs}, {@code cud} and {@code cruds} as
 *     the spec's "Scope equivalence" table says
 * @param filter the granular scope's search parameters (name to values, ANDed), or null for none
 */
record SmartScope(
    String context, String type, String permissions, @Nullable Map<String, List<String>> filter) {

  // Type: a FHIR resource type name or '*'. Permissions: v2 letters in the spec's order, or v1.
  private static final Pattern SCOPE =
      Pattern.compile(
          "(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(c?r?u?d?s?|read|write|\\*)(?:\\?(.+))?");

  SmartScope {
    filter = filter == null ? null : Map.copyOf(filter);
  }

  /**
   * Parses a raw scope; empty for scopes that grant no resource access ({@code openid}, {@code
   * launch/patient}, {@code offline_access}...) and for malformed ones, which are ignored rather
   * than guessed at.
   */
  static Optional<SmartScope> parse(String raw) {
    Matcher m = SCOPE.matcher(raw.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String perms = m.group(3);
    String query = m.group(4);
    boolean v1 = perms.equals("read") || perms.equals("write") || perms.equals("*");
    if (perms.isEmpty() || (v1 && query != null)) {
      // Granular scopes exist only in v2 (spec: "Finer-grained resource constraints").
      return Optional.empty();
    }
    String letters =
        switch (perms) {
          case "read" -> "rs";
          case "write" -> "cud";
          case "*" -> "cruds";
          default -> perms;
        };
    Map<String, List<String>> filter = null;
    if (query != null) {
      filter = parseQuery(query);
      if (filter == null) {
        return Optional.empty();
      }
    }
    return Optional.of(new SmartScope(m.group(1), m.group(2), letters, filter));
  }

  boolean covers(String resourceType, char permission) {
    return (type.equals("*") || type.equals(resourceType)) && permissions.indexOf(permission) >= 0;
  }

  boolean patientContext() {
    return context.equals("patient");
  }

  private static @Nullable Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        return null;
      }
      String name;
      String value;
      try {
        name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
        value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }
}
