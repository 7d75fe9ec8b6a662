package health.custodian.security.internal;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.Role;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the caller from an external provider's verified claims with the configured claim names
 * ({@link ExternalProviderProperties.Claims}) and role mapping: those of a bearer token (already
 * checked for signature, issuer, audience and expiry) or, for the web workspace, those of the
 * sign-in's ID token and userinfo (checked by the OpenID Connect login). Break-glass state is
 * looked up per request by the caller of this class, as for built-in tokens.
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
  @Nullable String clientId(Map<String, Object> claims) {
    Object value = claim(claims, names.client());
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  String userId(Map<String, Object> claims) {
    Object value = claim(claims, names.userId());
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    throw AccessDeniedException.unauthenticated("Token without " + names.userId());
  }

  /** Provider roles that are mapped; unmapped ones grant nothing. */
  Set<Role> roles(Map<String, Object> claims) {
    Set<Role> roles = new LinkedHashSet<>();
    for (String name : strings(claims, names.roles())) {
      Role role = roleMapping.get(name);
      if (role != null) {
        roles.add(role);
      }
    }
    return roles;
  }

  @Nullable String patient(Map<String, Object> claims) {
    Object value = claim(claims, names.patient());
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  /** RFC 6749 section 3.3: space-separated; some providers send an array. */
  Set<String> scopes(Map<String, Object> claims) {
    return Set.copyOf(strings(claims, names.scope()));
  }

  Set<String> actors(Map<String, Object> claims) {
    return Set.copyOf(strings(claims, names.actor()));
  }

  Set<String> clearances(Map<String, Object> claims) {
    return Set.copyOf(strings(claims, names.clearances()));
  }

  private static List<String> strings(Map<String, Object> claims, String name) {
    Object value = claim(claims, name);
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
