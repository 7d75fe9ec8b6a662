package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * The firewall's header and parameter checks accept exactly what Spring Security's default
 * expression does.
 */
class FirewallConfigurationTest {

  /** StrictHttpFirewall's default for header names and values. */
  private static final Pattern DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

  @Test
  void agreesWithTheDefaultExpression() {
    List<String> values =
        new ArrayList<>(
            List.of(
                "",
                "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
                "text/html, application/fhir+json;q=0.9",
                "a\tb",
                "a\nb",
                "a\u007fb",
                "a\u0085b",
                "a\u009fb",
                "a\u00a0b",
                "caf\u00e9",
                "\u0378",
                "\ud83d\ude00",
                "\ud83d",
                "x\ude00",
                "\u200b",
                "\ufffe",
                "\ue000",
                new String(Character.toChars(0x10ffff)),
                new String(Character.toChars(0xe0001))));
    Random random = new Random(11);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(6); k > 0; k--) {
        int cp =
            switch (random.nextInt(4)) {
              case 0 -> random.nextInt(0x80);
              case 1 -> random.nextInt(0x800);
              case 2 -> random.nextInt(0x10000);
              default -> random.nextInt(0x110000);
            };
        b.appendCodePoint(cp);
      }
      values.add(b.toString());
    }
    for (String v : values) {
      assertThat(FirewallConfiguration.assignedAndNotControl(v))
          .as("%s", v.codePoints().mapToObj(Integer::toHexString).toList())
          .isEqualTo(DEFAULT.matcher(v).matches());
    }
  }

  @Test
  void theFirewallChecksHeadersAndParametersWithTheLoop() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
    request.addHeader("Authorization", "Bearer a.b.c");
    request.addHeader("X-Bad", "a\u0007b");
    request.addParameter("_format", "json");
    request.addParameter("bad\u0000name", "x");
    request.addParameter("_pretty", "a\u0085b");
    var firewalled = new FirewallConfiguration().httpFirewall().getFirewalledRequest(request);

    assertThat(firewalled.getHeader("Authorization")).isEqualTo("Bearer a.b.c");
    assertThat(firewalled.getParameter("_format")).isEqualTo("json");
    assertThatThrownBy(() -> firewalled.getHeader("X-Bad"))
        .isInstanceOf(RequestRejectedException.class);
    assertThatThrownBy(() -> firewalled.getParameter("bad\u0000name"))
        .isInstanceOf(RequestRejectedException.class);
    assertThatThrownBy(() -> firewalled.getParameter("_pretty"))
        .isInstanceOf(RequestRejectedException.class);
  }
}
