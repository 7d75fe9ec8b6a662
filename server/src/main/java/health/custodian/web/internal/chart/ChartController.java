package health.custodian.web.internal.chart;

import health.custodian.access.CallerContext;
import health.custodian.audit.AuditQueries;
import health.custodian.web.internal.support.NotFound;
import health.custodian.web.internal.support.WebJson;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The patient chart and its htmx fragments: thin, the work is in {@link ChartService}. */
@Controller("webChartController")
class ChartController {

  private final ChartService charts;
  private final TrendService trends;
  private final WebJson json;
  private final AuditQueries audit;
  private final SectionAccess sections;
  private final CallerContext callers;

  ChartController(
      ChartService charts,
      TrendService trends,
      WebJson json,
      AuditQueries audit,
      SectionAccess sections,
      CallerContext callers) {
    this.charts = charts;
    this.trends = trends;
    this.json = json;
    this.audit = audit;
    this.sections = sections;
    this.callers = callers;
  }

  @GetMapping("/patients/{id}")
  String chart(@PathVariable String id, Model model) {
    PatientChart chart = charts.chart(id).orElseThrow(() -> new NotFound("patient"));
    model.addAttribute("chart", chart);
    model.addAttribute("vitalsJson", chart.vitals().stream().map(json::write).toList());
    model.addAttribute("patientId", id);
    model.addAttribute("canSeeAudit", audit.permitted());
    model.addAttribute("refused", sections.refused());
    model.addAttribute("own", id.equals(callers.current().patientId()));
    return "web/chart";
  }

  /** Another page of one section, swapped in place by htmx. */
  @GetMapping("/patients/{id}/section/{name}")
  String section(
      @PathVariable String id,
      @PathVariable String name,
      @RequestParam(defaultValue = "1") int page,
      Model model) {
    PatientChart.Section<?> section =
        charts.section(id, name, Math.max(1, page)).orElseThrow(() -> new NotFound("section"));
    model.addAttribute("section", section);
    model.addAttribute("patientId", id);
    return "web/sections :: " + name;
  }

  @GetMapping("/patients/{id}/encounters/{encounterId}")
  String encounter(@PathVariable String id, @PathVariable String encounterId, Model model) {
    model.addAttribute("entries", charts.encounter(id, encounterId));
    model.addAttribute("patientId", id);
    return "web/sections :: encounter-detail";
  }

  @GetMapping("/patients/{id}/trend")
  String trend(@PathVariable String id, @RequestParam String code, Model model) {
    TrendService.Trend trend = trends.trend(id, code).orElseThrow(() -> new NotFound("patient"));
    model.addAttribute("trend", trend);
    model.addAttribute("trendJson", json.write(trend));
    model.addAttribute("patientId", id);
    return "web/trend";
  }
}
