package health.custodian.security.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, with its header and parameter checks written as a loop. The
 * default checks every header and parameter name and value, each time it is read, with the regular
 * expression {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}; over the kilobyte of bearer token in each
 * FHIR request that was about a fortieth of a protected read's server CPU (docs/benchmarks.md).
 * {@link #assignedAndNotControl} accepts exactly the strings that expression matches.
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

  @Bean
  HttpFirewall httpFirewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(FirewallConfiguration::assignedAndNotControl);
    firewall.setAllowedHeaderValues(FirewallConfiguration::assignedAndNotControl);
    // The same expression guards parameter names and values, checked on every getParameter: the
    // read's own lookup of _format and _pretty ran it as well.
    firewall.setAllowedParameterNames(FirewallConfiguration::assignedAndNotControl);
    firewall.setAllowedParameterValues(FirewallConfiguration::assignedAndNotControl);
    return firewall;
  }

  /**
   * Refusals of the firewall on {@code /fhir} answer an OperationOutcome like every other FHIR
   * error; elsewhere (sign-in, web pages) the plain 400 of Spring Security's default.
   */
  @Bean
  RequestRejectedHandler requestRejectedHandler(FhirAuthErrors errors) {
    RequestRejectedHandler plain = new HttpStatusRequestRejectedHandler();
    return (request, response, rejected) -> {
      String path = request.getRequestURI();
      if (path.equals("/fhir") || path.startsWith("/fhir/") || path.startsWith("/fhir;")) {
        errors.rejected(response);
      } else {
        plain.handle(request, response, rejected);
      }
    };
  }

  /** Every code point assigned in Unicode and not a control character (general category Cc). */
  static boolean assignedAndNotControl(String s) {
    int n = s.length();
    int i = 0;
    // printable ASCII, the usual case (a bearer token is nothing else), by char: no code point
    // decoding and no Unicode table lookup
    while (i < n) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        break;
      }
      i++;
    }
    while (i < n) {
      int cp = s.codePointAt(i);
      // printable ASCII, the usual case, without a Unicode table lookup
      if (cp < 0x20 || cp >= 0x7f) {
        int type = Character.getType(cp);
        if (type == Character.UNASSIGNED || type == Character.CONTROL) {
          return false;
        }
      }
      i += Character.charCount(cp);
    }
    return true;
  }
}
