package health.custodian.web.internal.audit;

import health.custodian.access.CallerContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The break-glass review queue ({@code /audit/break-glass}) and its review form. */
@Controller("webBreakGlassController")
class BreakGlassController {

  private final BreakGlassReviews reviews;
  private final CallerContext callers;

  BreakGlassController(BreakGlassReviews reviews, CallerContext callers) {
    this.reviews = reviews;
    this.callers = callers;
  }

  @GetMapping("/audit/break-glass")
  String queue(@RequestParam(required = false) @Nullable String reviewed, Model model) {
    model.addAttribute("queue", reviews.queue(callers.current()));
    model.addAttribute("reviewed", reviewed);
    return "web/break-glass";
  }

  @PostMapping("/audit/break-glass/{id}/review")
  String review(
      @PathVariable String id,
      @RequestParam String outcome,
      @RequestParam(defaultValue = "") String comment) {
    reviews.review(id, callers.current(), outcome, comment);
    return "redirect:/audit/break-glass?reviewed=" + outcome;
  }
}
