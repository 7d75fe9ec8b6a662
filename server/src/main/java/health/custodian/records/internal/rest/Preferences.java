package health.custodian.records.internal.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Locale;

/** The {@code Prefer} header (R4 3.1.0.1.11 and 3.1.1.5.x: return and handling preferences). */
record Preferences(Return returnPreference, boolean strict) {

  enum Return {
    MINIMAL,
    REPRESENTATION,
    OPERATION_OUTCOME
  }

  static Preferences of(HttpServletRequest request) {
    Return ret = Return.REPRESENTATION;
    boolean strict = false;
    for (String header : Collections.list(request.getHeaders("Prefer"))) {
      for (String part : header.split("[,;]")) {
        String p = part.trim().toLowerCase(Locale.ROOT).replace("\"", "");
        switch (p) {
          case "return=minimal" -> ret = Return.MINIMAL;
          case "return=representation" -> ret = Return.REPRESENTATION;
          case "return=operationoutcome" -> ret = Return.OPERATION_OUTCOME;
          case "handling=strict" -> strict = true;
          case "handling=lenient" -> strict = false;
          default -> {
            // other preferences (respond-async...) are not for this layer
          }
        }
      }
    }
    return new Preferences(ret, strict);
  }
}
