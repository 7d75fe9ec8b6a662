package health.custodian.security.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The {@link org.springframework.security.core.Authentication} of a verified bearer token, as
 * Spring Security's {@link JwtAuthenticationConverter} makes it (the {@code SCOPE_} authorities of
 * the {@code scope}/{@code scp} claim, the {@code FACTOR_BEARER} factor, the {@code sub} as name),
 * with the claims read once per token: a client sends the same token with every request, {@link
 * VerifiedTokens} hands back the same {@link Jwt} for it, and converting the scope claim again on
 * every request was about a sixtieth of the protected read's samples in the 32-caller profile
 * (docs/benchmarks.md). Each request still gets its own authentication object and a factor
 * authority issued at that request, as before. Emptied when full, like {@link VerifiedTokens}.
 */
final class BearerAuthentications implements Converter<Jwt, AbstractAuthenticationToken> {

  private final JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
  private final int capacity;
  private final ConcurrentHashMap<Jwt, Known> known = new ConcurrentHashMap<>();

  /** The token's authorities other than the per-request factor, and its principal name. */
  private record Known(Set<GrantedAuthority> authorities, String name) {}

  BearerAuthentications(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    Known k = known.get(jwt);
    if (k != null) {
      Set<GrantedAuthority> authorities = new HashSet<>(k.authorities());
      authorities.add(
          FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
      return new JwtAuthenticationToken(jwt, authorities, k.name());
    }
    AbstractAuthenticationToken fresh = converter.convert(jwt);
    String name = fresh.getName();
    if (name != null) {
      Set<GrantedAuthority> claims = new HashSet<>();
      for (GrantedAuthority a : fresh.getAuthorities()) {
        if (!(a instanceof FactorGrantedAuthority)) {
          claims.add(a);
        }
      }
      if (known.size() >= capacity) {
        known.clear();
      }
      known.put(jwt, new Known(Set.copyOf(claims), name));
    }
    return fresh;
  }
}
