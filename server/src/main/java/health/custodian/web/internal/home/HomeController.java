package health.custodian.web.internal.home;

import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Role;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: what the signed-in user's roles work on, as links into the workspace and, per
 * role, its work list ({@link HomePanels}) or what it may see ({@link RoleAccess}). A patient's
 * home is their own chart.
 */
@Controller("webHomeController")
class HomeController {

  private final CallerContext callers;
  private final HomePanels panels;
  private final RoleAccess access;

  HomeController(CallerContext callers, HomePanels panels, RoleAccess access) {
    this.callers = callers;
    this.panels = panels;
    this.access = access;
  }

  record Task(String title, String description, String href) {}

  @GetMapping("/")
  String home(Model model) {
    Caller caller = callers.current();
    String patientId = caller.patientId();
    if (caller.hasRole(Role.PATIENT) && patientId != null) {
      return "redirect:/patients/" + patientId;
    }
    model.addAttribute("user", caller.id());
    model.addAttribute("roles", caller.roles().stream().map(Role::code).sorted().toList());
    model.addAttribute("tasks", tasks(caller));
    if (caller.hasRole(Role.CODER)) {
      model.addAttribute("encounters", panels.encountersToCode());
    }
    if (caller.hasRole(Role.RECORDS_SUPERVISOR)) {
      model.addAttribute("changes", panels.recentlyChanged());
    }
    if (caller.hasRole(Role.BILLING_SPECIALIST)) {
      model.addAttribute("claims", panels.claims());
    }
    if (caller.hasRole(Role.DATA_ANALYST)) {
      model.addAttribute("access", access.of(caller));
    }
    return "web/home";
  }

  static List<Task> tasks(Caller caller) {
    List<Task> tasks = new ArrayList<>();
    if (caller.hasRole(Role.CLINICIAN)
        || caller.hasRole(Role.CODER)
        || caller.hasRole(Role.RECORDS_SUPERVISOR)
        || caller.hasRole(Role.BILLING_SPECIALIST)
        || caller.hasRole(Role.DATA_ANALYST)) {
      tasks.add(
          new Task(
              "Find a patient",
              "Search by name, birth date, MRN, sex or postal code.",
              "/patients"));
    }
    if (caller.hasRole(Role.COMPLIANCE_AUDITOR)) {
      tasks.add(
          new Task("Audit log", "Who accessed which record, when, and the outcome.", "/audit"));
      tasks.add(
          new Task(
              "Break-glass reviews",
              "Emergency accesses waiting for review.",
              "/audit/break-glass"));
      tasks.add(
          new Task(
              "Unusual access",
              "Many charts without an encounter, family and neighbours, after-hours bursts.",
              "/audit/unusual"));
    }
    if (caller.hasRole(Role.ADMINISTRATOR)) {
      tasks.add(new Task("Users and clients", "Accounts, roles, MFA resets.", "/manage/users"));
    }
    return tasks;
  }
}
