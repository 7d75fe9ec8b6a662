package health.custodian.security.internal;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The page after signing out of the workspace in the external provider mode. */
@RestController
@ConditionalOnBooleanProperty(ExternalProviderProperties.ENABLED)
class ExternalSignInPages {

  @GetMapping(ExternalWebSignIn.SIGNED_OUT)
  ResponseEntity<String> signedOut() {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
        .header("Cache-Control", "no-store")
        .body(ExternalMode.signedOutPage());
  }
}
