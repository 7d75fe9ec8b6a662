package health.custodian.web.internal.admin;

import health.custodian.access.Role;
import health.custodian.security.UserAdministration;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Users and clients pages under {@code /manage}: thin, the work is in {@link AdminPages}. */
@Controller("webAdminController")
class AdminController {

  private final AdminPages pages;

  AdminController(AdminPages pages) {
    this.pages = pages;
  }

  @GetMapping({"/manage", "/manage/users"})
  String users(@RequestParam(defaultValue = "1") int page, Model model) {
    List<UserAdministration.UserInfo> all = pages.users();
    int pages1 = Math.max(1, (all.size() + AdminPages.PAGE - 1) / AdminPages.PAGE);
    int p = Math.min(Math.max(1, page), pages1);
    model.addAttribute(
        "users", all.subList((p - 1) * AdminPages.PAGE, Math.min(all.size(), p * AdminPages.PAGE)));
    model.addAttribute("page", p);
    model.addAttribute("pages", pages1);
    return "web/admin-users";
  }

  @GetMapping("/manage/users/new")
  String newUser(Model model) {
    pages.administrator();
    model.addAttribute("roles", roles());
    model.addAttribute("form", new AdminPages.NewUserForm("", "", List.of(), "", "", ""));
    return "web/admin-user-new";
  }

  @PostMapping("/manage/users")
  String addUser(
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(name = "role", required = false) @Nullable List<String> role,
      @RequestParam(defaultValue = "") String patient,
      @RequestParam(defaultValue = "") String actor,
      @RequestParam(defaultValue = "") String clearances,
      Model model,
      RedirectAttributes redirect) {
    AdminPages.NewUserForm form =
        new AdminPages.NewUserForm(
            name, password, role == null ? List.of() : role, patient, actor, clearances);
    String error = pages.addUser(form);
    if (error != null) {
      model.addAttribute("roles", roles());
      model.addAttribute("form", form);
      model.addAttribute("error", error);
      return "web/admin-user-new";
    }
    redirect.addFlashAttribute("done", "User " + name.strip() + " added.");
    return "redirect:/manage/users";
  }

  @PostMapping("/manage/users/{name}/disable")
  String disable(@PathVariable String name, RedirectAttributes redirect) {
    redirect.addFlashAttribute(
        "done", pages.disable(name) ? "User " + name + " disabled." : "No user " + name + ".");
    return "redirect:/manage/users";
  }

  @PostMapping("/manage/users/{name}/mfa-reset")
  String resetMfa(@PathVariable String name, RedirectAttributes redirect) {
    redirect.addFlashAttribute(
        "done",
        pages.resetMfa(name)
            ? "MFA reset for " + name + ": they enrol a new authenticator at next sign-in."
            : "No user " + name + ".");
    return "redirect:/manage/users";
  }

  @GetMapping("/manage/clients")
  String clients(Model model) {
    model.addAttribute("clients", pages.clients());
    return "web/admin-clients";
  }

  @PostMapping("/manage/clients")
  String addClient(
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String scopes,
      @RequestParam(defaultValue = "") String redirectUri,
      Model model) {
    List<String> scopeList =
        Arrays.stream(scopes.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    if (name.isBlank() || scopeList.isEmpty()) {
      model.addAttribute("clients", pages.clients());
      model.addAttribute("error", "A client needs a name and at least one scope.");
      return "web/admin-clients";
    }
    UserAdministration.ClientCredentials created =
        pages.addClient(
            name.strip(), scopeList, redirectUri.isBlank() ? null : redirectUri.strip());
    // The secret is shown in this one response only (it is stored as an Argon2id hash).
    model.addAttribute("created", created);
    model.addAttribute("clients", pages.clients());
    return "web/admin-clients";
  }

  private static List<String> roles() {
    return Arrays.stream(Role.values()).map(Role::code).toList();
  }
}
