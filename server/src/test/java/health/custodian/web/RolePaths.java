package health.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AuditRecord;
import health.custodian.testsupport.Browser;
import health.custodian.testsupport.RecordingAuditTrail;
import java.util.List;
import java.util.Objects;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The steps of a role's main path in the browser, shared by the role browser tests: find a patient,
 * open a trend and a note, check what the access history and a forbidden chart show, sign out; and
 * the quality checks each page passes at desktop and tablet width.
 */
final class RolePaths {

  static final int WIDTH = 1280;
  static final int HEIGHT = 900;
  static final int TABLET = 768;

  private RolePaths() {}

  /**
   * The page's quality bar at 1280 px and at tablet width (768 px): one h1, the banner, main and
   * footer landmarks, a label for every form field, a name for every button, link and chart, the
   * skip link first in the keyboard order, {@code target} reachable with Tab, and no sideways
   * scrolling at either width. Saves the 1280 px screenshot as {@code name} when given.
   */
  static void check(Browser b, String name, By target) {
    if (!name.isEmpty()) {
      b.screenshot(name);
    }
    assertThat(accessibilityProblems(b)).as("accessibility of %s", name).isEmpty();
    assertThat(reachableByTab(b, target)).as("%s reachable with Tab", target).isTrue();
    for (int width : new int[] {TABLET, WIDTH}) {
      b.driver().manage().window().setSize(new Dimension(width, width == TABLET ? 1024 : HEIGHT));
      int overflow = settledOverflow(b);
      if (overflow > 0) {
        b.screenshot("overflow-" + width);
      }
      assertThat(overflow).as("sideways scrolling at %d px", width).isLessThanOrEqualTo(0);
    }
  }

  /**
   * How far the page scrolls sideways once it has settled: charts redraw at the new width in their
   * own "resize" handler, after the window has changed, so a page is given up to 3 s to fit.
   */
  private static int settledOverflow(Browser b) {
    int overflow = 0;
    for (int attempt = 0; attempt < 30; attempt++) {
      overflow =
          ((Number)
                  b.driver()
                      .executeScript(
                          "return document.documentElement.scrollWidth - window.innerWidth;"))
              .intValue();
      if (overflow <= 0) {
        return overflow;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return overflow;
      }
    }
    return overflow;
  }

  @SuppressWarnings("unchecked")
  static List<String> accessibilityProblems(Browser b) {
    return (List<String>)
        b.driver()
            .executeScript(
                """
                const p = [];
                if (document.querySelectorAll('h1').length !== 1) p.push('not one h1');
                if (!document.querySelector('header[role=banner]')) p.push('no banner');
                if (document.querySelectorAll('main').length !== 1) p.push('not one main');
                if (!document.querySelector('footer[role=contentinfo]')) p.push('no contentinfo');
                if (!document.documentElement.lang) p.push('no lang');
                document.querySelectorAll('input:not([type=hidden]), select, textarea')
                  .forEach(e => { if (!(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                    && !e.getAttribute('aria-labelledby')) p.push('unlabelled ' + (e.name || e.id)); });
                document.querySelectorAll('a[href], button').forEach(e => {
                  if (!(e.textContent || '').trim() && !e.getAttribute('aria-label')) p.push('unnamed ' + e.outerHTML.slice(0, 80)); });
                document.querySelectorAll('[role=img]').forEach(e => {
                  if (!e.getAttribute('aria-label')) p.push('unnamed image'); });
                document.querySelectorAll('[tabindex]').forEach(e => {
                  if (e.tabIndex < -1 || e.tabIndex > 0) p.push('tabindex ' + e.tabIndex); });
                return p;
                """);
  }

  /**
   * Tabs from a fresh load: the skip link comes first (unless a field has autofocus), then {@code
   * target} at some point.
   */
  static boolean reachableByTab(Browser b, By target) {
    // From a fresh load, so that the keyboard starts at the top of the page as a user's does.
    b.driver().navigate().refresh();
    WebElement wanted = b.waitFor(target);
    boolean fromTop =
        (Boolean) b.driver().executeScript("return document.activeElement === document.body;");
    tab(b);
    if (fromTop) {
      // Unless the page focuses a field itself (the finder's name), the skip link comes first.
      assertThat(b.driver().switchTo().activeElement().getAttribute("class"))
          .as("first Tab stop")
          .contains("skip");
    }
    for (int i = 0; i < 300; i++) {
      if (b.driver().switchTo().activeElement().equals(wanted)) {
        return true;
      }
      tab(b);
    }
    return false;
  }

  private static void tab(Browser b) {
    new Actions(b.driver()).sendKeys(Keys.TAB).perform();
  }

  /** Searches the finder by family name and opens the patient's chart from the results. */
  static void findAndOpen(Browser b, String family, String patientId) {
    b.open("/patients");
    b.waitFor(By.id("name")).sendKeys(family);
    WebElement link = b.waitFor(By.cssSelector("#results a[href='/patients/" + patientId + "']"));
    check(b, "", By.id("postal"));
    link = b.waitFor(By.cssSelector("#results a[href='/patients/" + patientId + "']"));
    link.click();
    b.waitFor(By.id("patient-name"));
  }

  /** Opens the trend of the first laboratory result that has one. */
  static void openTrend(Browser b) {
    b.click(By.cssSelector("#sec-labs a[href*='/trend?code=']"));
    b.waitFor(By.cssSelector(".echart.tall svg"));
    check(b, "", By.cssSelector(".signout button"));
  }

  /** Unfolds the first note of the chart and reads its text. */
  static void viewNote(Browser b) {
    b.click(By.cssSelector("#sec-notes details summary"));
    assertThat(b.driver().findElement(By.cssSelector("#sec-notes pre.note-text")).isDisplayed())
        .isTrue();
  }

  /**
   * A role that may not read the audit log sees no "who has seen this record" section, and the
   * section's address answers the designed 403 page.
   */
  static void noAccessHistory(Browser b, String patientId) {
    assertThat(b.driver().findElements(By.id("access"))).isEmpty();
    b.open("/patients/" + patientId + "/access");
    refusal(b, "403", "Not allowed");
  }

  /** The designed error page with this status and title (no stack trace). */
  static void refusal(Browser b, String status, String title) {
    WebElement main = b.waitFor(By.cssSelector("main.error"));
    assertThat(main.getAttribute("data-status")).isEqualTo(status);
    assertThat(b.driver().findElement(By.tagName("h1")).getText()).isEqualTo(title);
    assertThat(b.driver().getPageSource()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /**
   * Opens a chart the user may not see: the designed page (the same as for an unknown patient) and
   * an audited refused read of that Patient by that user.
   */
  static void refusedChart(
      Browser b, RecordingAuditTrail audit, String user, String patientId, String screenshot) {
    b.open("/patients/" + patientId);
    refusal(b, "404", "No chart to show");
    check(b, screenshot, By.cssSelector("main a[href='/']"));
    assertThat(refusals(audit, user, "Patient/" + patientId)).isNotEmpty();
  }

  static List<AuditRecord> refusals(RecordingAuditTrail audit, String user, String entity) {
    return audit.records().stream()
        .filter(r -> Objects.equals(r.caller().id(), user))
        .filter(r -> r.outcome() != AuditRecord.Outcome.SUCCESS)
        .filter(r -> r.entities().stream().anyMatch(e -> e.startsWith(entity)))
        .toList();
  }

  /** Signs out; the workspace then asks to sign in again. */
  static void signOut(Browser b, String patientId) {
    // The refusals the path provoked log their 403 and 404 answers; nothing else may be logged.
    assertThat(b.consoleErrors())
        .filteredOn(
            m ->
                !m.matches(
                    ".*Failed to load resource: the server responded with a status of 40[34].*"))
        .isEmpty();
    b.click(By.cssSelector(".signout button"));
    b.waitFor(By.name("username"));
    b.open("/patients/" + patientId);
    b.waitFor(By.name("username"));
  }

  /**
   * The end of a staff role's path on a chart it may read in full: a note, a lab trend, no access
   * history, a restricted chart refused and audited ({@code screenshot} names its picture, empty
   * for none), sign-out.
   */
  static void noteTrendRefusalsAndSignOut(
      Browser b,
      RecordingAuditTrail audit,
      String user,
      String patientId,
      String restrictedId,
      String screenshot) {
    viewNote(b);
    openTrend(b);
    noAccessHistory(b, patientId);
    refusedChart(b, audit, user, restrictedId, screenshot);
    signOut(b, patientId);
  }
}
