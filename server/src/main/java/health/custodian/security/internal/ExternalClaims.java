package health.custodian.security.internal;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.Role;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Builds the caller from an external provider's verified token with the configured claim names
 * ({@link ExternalProviderProperties.Claims}) and role mapping. The token has already passed the
 * signature, issuer, audience and expiry checks; break-glass state is looked up per request by the
 * caller of this class, as for built-in tokens.
 */
final class ExternalClaims {

  private final ExternalProviderProperties.Claims names;
  private final Map<String, Role> roleMapping;

  ExternalClaims(ExternalProviderProperties properties) {
    this.names = properties.claims();
    Map<String, Role> mapping = new java.util.HashMap<>();
    // A mapping to an unknown role code fails start-up rather than silently granting nothing.
    properties
        .roleMapping()
        .forEach((provider, code) -> mapping.put(provider, Role.fromCode(code)));
    this.roleMapping = Map.copyOf(mapping);
  }

  /** Whether the token is a backend service's (client credentials), with its client id. */
  @Nullable String clientId(Jwt jwt) {
    Object value = claim(jwt.getClaims(), names.client());
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  String userId(Jwt jwt) {
    Object value = claim(jwt.getClaims(), names.userId());
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    throw AccessDeniedException.unauthenticated("Token without " + names.userId());
  }

  /** Provider roles that are mapped; unmapped ones grant nothing. */
  Set<Role> roles(Jwt jwt) {
    Set<Role> roles = new LinkedHashSet<>();
    for (String name : strings(jwt, names.roles())) {
      Role role = roleMapping.get(name);
      if (role != null) {
        roles.add(role);
      }
    }
    return roles;
  }

  @Nullable String patient(Jwt jwt) {
    Object value = claim(jwt.getClaims(), names.patient());
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  /** RFC 6749 section 3.3: space-separated; some providers send an array. */
  Set<String> scopes(Jwt jwt) {
    return Set.copyOf(strings(jwt, names.scope()));
  }

  Set<String> actors(Jwt jwt) {
    return Set.copyOf(strings(jwt, names.actor()));
  }

  Set<String> clearances(Jwt jwt) {
    return Set.copyOf(strings(jwt, names.clearances()));
  }

  private static List<String> strings(Jwt jwt, String name) {
    Object value = claim(jwt.getClaims(), name);
    if (value instanceof Collection<?> list) {
      return list.stream().map(String::valueOf).filter(s -> !s.isBlank()).toList();
    }
    if (value instanceof String s && !s.isBlank()) {
      return List.of(s.trim().split("[\\s,]+"));
    }
    return List.of();
  }

  /** The claim at a dotted path ({@code realm_access.roles}); a claim named with the dot wins. */
  static @Nullable Object claim(Map<String, Object> claims, String path) {
    if (claims.containsKey(path)) {
      return claims.get(path);
    }
    Object current = claims;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }
}
