package health.custodian.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through Debian's chromedriver, both named by path so that
 * Selenium Manager never tries to download a browser. Screenshots go to {@code target/screenshots/}
 * (the README's images in {@code docs/screenshots/} are copied from there).
 */
public final class Browser implements AutoCloseable {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private final ChromeDriver driver;
  private final Path profile;
  private final String base;
  private String totpSecret = "";

  public Browser(String base, int width, int height) {
    this.base = base;
    try {
      this.profile = Files.createTempDirectory("custodian-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height,
        // A profile of our own, removed by close(): without one, every session leaves an
        // org.chromium.Chromium.* directory in the temporary directory after quit.
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  public ChromeDriver driver() {
    return driver;
  }

  public void open(String path) {
    driver.get(base + path);
  }

  public WebElement waitFor(By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  public void waitForText(By by, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /**
   * Signs in through the real pages: user name and password, then the TOTP step (enrolling when the
   * account has no second factor yet, reading the key the page shows).
   */
  public void signIn(String user, String password) {
    open("/login");
    waitFor(By.name("username")).sendKeys(user);
    driver.findElement(By.name("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    waitFor(By.name("code"));
    java.util.List<WebElement> key = driver.findElements(By.id("totp-secret"));
    if (!key.isEmpty()) {
      totpSecret = key.get(0).getText().trim();
    }
    driver
        .findElement(By.name("code"))
        .sendKeys(
            health.custodian.security.internal.user.Totp.code(totpSecret, java.time.Instant.now()));
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
  }

  /** Scrolls the element to the middle of the window (clear of the sticky bars) and clicks it. */
  public void click(By by) {
    WebElement e = waitFor(by);
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(ExpectedConditions.elementToBeClickable(e));
    e.click();
  }

  /** Saves a PNG of the current page as {@code target/screenshots/NAME.png}. */
  public void screenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Console messages of severity SEVERE so far (CSP violations and script errors land here). */
  public java.util.List<String> consoleErrors() {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(org.openqa.selenium.logging.LogEntry::getMessage)
        .toList();
  }

  @Override
  public void close() {
    driver.quit();
    // quit() returns once chromedriver has stopped the browser, so nothing writes here any more.
    try (Stream<Path> walk = Files.walk(profile)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
