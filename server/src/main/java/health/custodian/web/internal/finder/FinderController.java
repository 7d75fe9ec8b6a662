package health.custodian.web.internal.finder;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The patient finder: the full page, or only its results when htmx asks as the user types. */
@Controller("webFinderController")
class FinderController {

  private final PatientFinder finder;

  FinderController(PatientFinder finder) {
    this.finder = finder;
  }

  @GetMapping("/patients")
  String find(
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String birthdate,
      @RequestParam(defaultValue = "") String identifier,
      @RequestParam(defaultValue = "") String gender,
      @RequestParam(defaultValue = "") String postal,
      @RequestParam(required = false) @Nullable String page,
      @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
      Model model) {
    PatientFinder.Query q = new PatientFinder.Query(name, birthdate, identifier, gender, postal);
    model.addAttribute("q", q);
    model.addAttribute("result", finder.find(q, page));
    return htmx != null ? "web/patients :: results" : "web/patients";
  }
}
