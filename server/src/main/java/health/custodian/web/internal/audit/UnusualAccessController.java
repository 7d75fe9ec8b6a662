package health.custodian.web.internal.audit;

import java.time.LocalTime;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The unusual access report ({@code /audit/unusual}); thresholds default to the settings. */
@Controller("webUnusualAccessController")
class UnusualAccessController {

  private final UnusualAccess unusual;
  private final UnusualAccessProperties defaults;

  UnusualAccessController(UnusualAccess unusual, UnusualAccessProperties defaults) {
    this.unusual = unusual;
    this.defaults = defaults;
  }

  @GetMapping("/audit/unusual")
  String report(
      @RequestParam(required = false) @Nullable Integer days,
      @RequestParam(required = false) @Nullable Integer charts,
      @RequestParam(required = false) @Nullable LocalTime start,
      @RequestParam(required = false) @Nullable LocalTime end,
      @RequestParam(required = false) @Nullable Integer burst,
      Model model) {
    UnusualAccess.Settings s =
        new UnusualAccess.Settings(
            clamp(days, (int) Math.max(1, defaults.window().toDays()), 1, 90),
            clamp(charts, defaults.chartsWithoutEncounter(), 1, 10_000),
            start == null ? defaults.workStart() : start,
            end == null ? defaults.workEnd() : end,
            clamp(burst, defaults.afterHoursBurst(), 1, 10_000));
    model.addAttribute("s", s);
    model.addAttribute("zone", defaults.zone().getId());
    model.addAttribute("report", unusual.report(s, defaults.zone()));
    return "web/unusual";
  }

  private static int clamp(@Nullable Integer value, int fallback, int min, int max) {
    int v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw new IllegalArgumentException("out of range");
    }
    return v;
  }
}
