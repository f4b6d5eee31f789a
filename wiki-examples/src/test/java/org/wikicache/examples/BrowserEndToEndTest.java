package org.wikicache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wikicache.core.PasswordHasher;
import org.wikicache.testing.RequiredService;

/**
 * The wiki as a person uses it, in headless Chromium: sign up, create a page, edit it, open its
 * history, view revision 1, log out (screenshot at {@code target/browser-e2e.png}); and link to a
 * missing page, follow the red link, create the page, search it, move it and delete it
 * (screenshot at {@code target/browser-features.png}).
 */
class BrowserEndToEndTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path profile;
  @TempDir Path data;
  private WikiServer server;
  private WebDriver driver;

  @BeforeEach
  void start() {
    server = WikiServer.start(WikiServerConfig.newBuilder().port(0).host("127.0.0.1")
        .dataDir(data).passwordHasher(new PasswordHasher(1_000)).build());
    try {
      if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
        throw new IllegalStateException(CHROMIUM + " or " + CHROMEDRIVER + " is missing");
      }
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run",
          "--window-size=1100,900", "--user-data-dir=" + profile.toAbsolutePath());
      driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      server.close();
      RequiredService.missing("Chromium and ChromeDriver",
          "apt-get install -y chromium chromium-driver", e);
    }
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Waits for the page a click leads to: a form's POST and redirect may still be under way when
   * the click returns, and an element of the page being left goes stale under the reader.
   */
  private void await(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .ignoring(StaleElementReferenceException.class).until(condition);
  }

  private void awaitText(String css, String text) {
    await(d -> d.findElement(By.cssSelector(css)).getText().contains(text));
  }

  @Test
  void signUpCreateEditHistoryAndOldRevision() throws Exception {
    String base = "http://127.0.0.1:" + server.port();
    driver.get(base + "/signup");
    driver.findElement(By.name("username")).sendKeys("ada");
    driver.findElement(By.name("password")).sendKeys("correct horse");
    driver.findElement(By.name("verify")).sendKeys("correct horse");
    driver.findElement(By.name("email")).sendKeys("ada@example.org");
    driver.findElement(By.cssSelector("main form button[type=submit]")).click();
    awaitText(".account", "ada");

    // a missing page takes a logged-in user straight to the editor
    driver.get(base + "/Cache/Aside");
    await(d -> d.getCurrentUrl().endsWith("/_edit/Cache/Aside"));
    driver.findElement(By.name("content")).sendKeys(
        "# Cache-aside\n\nRead the **cache**; on a miss, query the store.");
    driver.findElement(By.name("comment")).sendKeys("first version");
    driver.findElement(By.cssSelector("main form button[type=submit]")).click();
    await(d -> d.getCurrentUrl().endsWith("/Cache/Aside"));
    assertThat(driver.findElement(By.cssSelector("article h1")).getText())
        .isEqualTo("Cache-aside");

    driver.findElement(By.linkText("edit")).click();
    await(d -> d.getCurrentUrl().endsWith("/_edit/Cache/Aside"));
    var content = driver.findElement(By.name("content"));
    content.sendKeys("\n\nThen `add` it with a 60 s TTL.");
    driver.findElement(By.name("comment")).sendKeys("add the fill");
    driver.findElement(By.cssSelector("main form button[type=submit]")).click();
    awaitText("article", "60 s TTL");
    assertThat(driver.findElement(By.tagName("footer")).getText()).contains("store quer");

    driver.findElement(By.linkText("history")).click();
    await(d -> d.getCurrentUrl().endsWith("/_history/Cache/Aside"));
    assertThat(driver.findElements(By.cssSelector("table.history tr"))).hasSize(3);
    assertThat(driver.findElement(By.cssSelector("table.history")).getText())
        .contains("first version").contains("add the fill");
    driver.findElement(By.linkText("1")).click();
    await(d -> d.getCurrentUrl().endsWith("/Cache/Aside?v=1"));
    assertThat(driver.findElement(By.cssSelector(".notice")).getText())
        .contains("This is revision 1");
    assertThat(driver.findElement(By.cssSelector("article")).getText())
        .doesNotContain("60 s TTL");

    File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
    // logging out is a button (a POST with the session's token), not a link
    driver.findElement(By.cssSelector(".account button")).click();
    awaitText(".account", "log in");
    assertThat(driver.findElement(By.cssSelector(".account")).getText()).doesNotContain("ada");
    Path target = Path.of("target", "browser-e2e.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isGreaterThan(1000);
  }

  @Test
  void redLinkCreateSearchMoveAndDelete() throws Exception {
    String base = "http://127.0.0.1:" + server.port();
    driver.get(base + "/signup");
    driver.findElement(By.name("username")).sendKeys("root");  // the first user: an admin
    driver.findElement(By.name("password")).sendKeys("correct horse");
    driver.findElement(By.name("verify")).sendKeys("correct horse");
    driver.findElement(By.cssSelector("main form button[type=submit]")).click();
    awaitText(".account", "root");

    // a page that links to a page that does not exist yet: the link is red
    driver.get(base + "/_edit/Start");
    driver.findElement(By.name("content")).sendKeys("Read [[Cache Basics|the basics]] first.");
    driver.findElement(By.cssSelector("main form button[name=preview]")).click();
    await(d -> !d.findElements(By.cssSelector(".preview")).isEmpty());
    assertThat(driver.findElement(By.cssSelector(".preview a.wikilink.new")).getText())
        .isEqualTo("the basics");
    assertThat(driver.findElement(By.name("content")).getAttribute("value"))
        .isEqualTo("Read [[Cache Basics|the basics]] first.");
    driver.findElement(By.cssSelector("main form button:not([name])")).click();
    await(d -> d.getCurrentUrl().endsWith("/Start"));
    var red = driver.findElement(By.cssSelector("article a.wikilink"));
    assertThat(red.getAttribute("class")).contains("new");
    assertThat(red.getCssValue("color")).isEqualTo("rgba(186, 0, 0, 1)");

    // following it opens the editor of the missing page; saving creates it
    red.click();
    await(d -> d.getCurrentUrl().endsWith("/_edit/Cache%20Basics"));
    driver.findElement(By.name("content")).sendKeys(
        "# Basics\n\nA lease stops a thundering herd.\n\n| hit | miss |\n|---|---|\n| 1 | 0 |");
    driver.findElement(By.cssSelector("main form button:not([name])")).click();
    await(d -> d.getCurrentUrl().endsWith("/Cache%20Basics"));
    assertThat(driver.findElements(By.cssSelector("article table td"))).hasSize(2);
    driver.get(base + "/Start");
    assertThat(driver.findElement(By.cssSelector("article a.wikilink")).getAttribute("class"))
        .doesNotContain("new");

    // searching finds it, from the box in the header
    var box = driver.findElement(By.cssSelector("header input[name=q]"));
    box.sendKeys("thundering herd");
    box.submit();
    await(d -> d.getCurrentUrl().contains("/_search?q=thundering+herd"));
    assertThat(driver.findElement(By.cssSelector("ol.results")).getText())
        .contains("Cache Basics").contains("thundering herd");
    driver.findElement(By.linkText("Cache Basics")).click();
    await(d -> d.getCurrentUrl().endsWith("/Cache%20Basics"));

    // moving it leaves a redirect that the old name follows
    driver.findElement(By.linkText("move")).click();
    await(d -> d.getCurrentUrl().endsWith("/_move/Cache%20Basics"));
    var to = driver.findElement(By.name("to"));
    to.clear();
    to.sendKeys("Caching/Basics");
    driver.findElement(By.name("comment")).sendKeys("under Caching");
    driver.findElement(By.cssSelector("main form button[type=submit]")).click();
    await(d -> d.getCurrentUrl().endsWith("/Caching/Basics"));
    driver.get(base + "/Cache%20Basics");
    assertThat(driver.findElement(By.cssSelector(".redirected")).getText())
        .contains("Redirected from Cache Basics");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Caching/Basics");
    driver.get(base + "/_links/Cache%20Basics");
    assertThat(driver.findElement(By.cssSelector("ul.pages")).getText()).contains("Start");

    // deleting it (an admin's action) takes it out of search and into the archive
    driver.get(base + "/Caching/Basics");
    driver.findElement(By.linkText("delete")).click();
    await(d -> d.getCurrentUrl().endsWith("/_delete/Caching/Basics"));
    driver.findElement(By.cssSelector("main form button[type=submit]")).click();
    await(d -> d.getCurrentUrl().endsWith("/_deleted"));
    assertThat(driver.findElement(By.cssSelector("table.archive")).getText())
        .contains("Caching/Basics");
    File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
    driver.get(base + "/_search?q=thundering");
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("No page matches")
        .doesNotContain("Caching/Basics");
    Path target = Path.of("target", "browser-features.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isGreaterThan(1000);
  }
}
