package health.custodian.security.internal;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;

/**
 * The web workspace's registration at the external OpenID Connect provider, read from the
 * provider's discovery document (OpenID Connect Discovery 1.0, section 4) at the first sign-in
 * rather than at start-up, so that the server starts while the provider is down; a failed discovery
 * is tried again at the next sign-in. The document supplies the endpoints, the JWKS of the ID
 * token's signature and, when the provider has one, the {@code end_session_endpoint} of sign-out.
 */
final class ProviderRegistration implements ClientRegistrationRepository {

  static final String ID = "custodian";

  private final ExternalProviderProperties properties;
  private final AtomicReference<@Nullable ClientRegistration> discovered = new AtomicReference<>();

  ProviderRegistration(ExternalProviderProperties properties) {
    this.properties = properties;
  }

  @Override
  public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
    if (!ID.equals(registrationId)) {
      return null;
    }
    ClientRegistration known = discovered.get();
    if (known == null) {
      known = discover();
      discovered.compareAndSet(null, known);
    }
    return known;
  }

  private ClientRegistration discover() {
    ExternalProviderProperties.Web web = properties.web();
    return ClientRegistrations.fromIssuerLocation(properties.issuer())
        .registrationId(ID)
        .clientId(java.util.Objects.requireNonNull(web.clientId(), "web.client-id"))
        .clientSecret(web.clientSecret() == null ? "" : web.clientSecret())
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri("{baseUrl}" + ExternalWebSignIn.CALLBACK_BASE + "/{registrationId}")
        .scope(web.scope().trim().split("[\\s,]+"))
        // PKCE for this confidential client too (RFC 9700 section 2.1.1: code injection).
        .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
        // The caller's id comes from the configured claim (ExternalClaims); sub is always there.
        .userNameAttributeName(IdTokenClaimNames.SUB)
        .build();
  }
}
