package health.custodian.web.internal.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.springframework.stereotype.Component;

/**
 * Writes view data as JSON for a {@code <script type="application/json">} block that the page's own
 * script reads (no inline script, so the Content-Security-Policy stays strict). {@code <}, {@code
 * >} and {@code &} are escaped as {@code \u003c}-style sequences so that no value can close the
 * script element (HTML 4.12.1.3 "Restrictions for contents of script elements").
 */
@Component
public class WebJson {

  private final JsonTrees json;

  WebJson(JsonTrees json) {
    this.json = json;
  }

  public String write(Object value) {
    try {
      return json.write(value)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("view data is not serialisable", e);
    }
  }
}
