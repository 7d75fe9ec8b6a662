package health.custodian.security.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SMART App Launch 2.x discovery ({@code /fhir/.well-known/smart-configuration}, SMART App Launch
 * 2.2 section "Conformance"): where to authorize and get tokens, and what is supported. Public, as
 * the specification requires.
 */
@RestController
@ConditionalOnWebApplication
class SmartConfigurationController {

  private final Issuer issuer;
  private final ExternalProviderProperties external;

  SmartConfigurationController(Issuer issuer, ExternalProviderProperties external) {
    this.issuer = issuer;
    this.external = external;
  }

  @GetMapping(
      path = "/fhir/.well-known/smart-configuration",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> smartConfiguration() {
    Map<String, Object> doc = new LinkedHashMap<>();
    if (external.enabled()) {
      // The provider authorizes and issues the tokens; Custodian only checks them.
      doc.put("issuer", external.issuer());
      doc.put("jwks_uri", external.jwks());
      doc.put("authorization_endpoint", external.authorization());
      doc.put("token_endpoint", external.token());
    } else {
      String base = issuer.issuer();
      doc.put("issuer", base);
      doc.put("jwks_uri", base + "/oauth2/jwks");
      doc.put("authorization_endpoint", base + "/oauth2/authorize");
      doc.put("token_endpoint", base + "/oauth2/token");
      doc.put("revocation_endpoint", base + "/oauth2/revoke");
      doc.put("introspection_endpoint", base + "/oauth2/introspect");
      doc.put("userinfo_endpoint", base + "/userinfo");
    }
    doc.put(
        "grant_types_supported",
        List.of("authorization_code", "client_credentials", "refresh_token"));
    doc.put("response_types_supported", List.of("code"));
    doc.put(
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
    doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put(
        "scopes_supported",
        List.of(
            "openid",
            "fhirUser",
            "offline_access",
            "launch/patient",
            "patient/*.cruds",
            "patient/*.rs",
            "user/*.cruds",
            "user/*.rs",
            "system/*.cruds",
            "system/*.rs"));
    doc.put(
        "capabilities",
        List.of(
            "launch-standalone",
            "client-confidential-symmetric",
            "client-confidential-asymmetric",
            "sso-openid-connect",
            "permission-offline",
            "permission-patient",
            "permission-user",
            "permission-v2"));
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(doc);
  }
}
