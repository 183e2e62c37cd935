package io.mlflowlite.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI end to end: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; nothing is
 * downloaded) drives the pages of a real gateway server on a real port, over traces recorded through its API,
 * evaluation runs and prompt versions; and the pages of {@code mlflowlite ui}'s server over a real migration and
 * its rollout's experiment. Screenshots land in {@code target/ui-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;

    static UiFixture fixture;
    static MigrationFixture migration;
    static WebDriver driver;
    static Path shots;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver "
                    + "(.ci/run does it with apt-get)");
        }
        Assumptions.assumeTrue(
                present,
                "Skipped: Chromium is not installed here (/usr/bin/chromium and /usr/bin/chromedriver); "
                        + "apt-get install chromium chromium-driver to run the UI's browser tests");
        shots = Path.of(System.getProperty("ui.screenshots", "target/ui-screenshots"));
        Files.createDirectories(shots);
        migration = new MigrationFixture(dir.resolve("migration")); // first: see MigrationFixture
        fixture = new UiFixture(dir);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(shots.toFile(), "chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1100",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (migration != null) {
            migration.close();
        }
    }

    @Test
    @Order(1)
    void asksForTheKeyOnceThenKeepsTheSessionInAnHttpOnlyCookie() throws IOException {
        driver.get(fixture.ui() + "/traces?model=mock/mini");
        assertThat(driver.getCurrentUrl()).contains("/ui/login");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
        driver.findElement(By.id("key")).sendKeys("not-the-key-at-all-0000");
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        assertThat(find(By.id("login-error")).getText()).contains("neither the admin key");
        driver.findElement(By.id("key")).sendKeys(UiFixture.ADMIN_KEY);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        awaitUrl("/ui/traces?model=mock/mini");
        var cookie = driver.manage().getCookieNamed(Auth.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getValue()).doesNotContain(UiFixture.ADMIN_KEY);
        shot("login-done");
    }

    @Test
    @Order(2)
    void overviewCountsTheCallsAndDrawsTheCharts() throws IOException {
        driver.get(fixture.ui() + "/");
        // 6 support calls, the fallback, the failure, the hostile one, the prompt call and 8 evaluation calls
        // (the judge call is left out)
        assertThat(Long.parseLong(driver.findElement(By.id("total-requests")).getText()))
                .isEqualTo(18);
        assertThat(Long.parseLong(driver.findElement(By.id("total-errors")).getText()))
                .isEqualTo(1);
        assertThat(driver.findElements(By.cssSelector("figure.chart svg"))).hasSize(4);
        assertThat(driver.findElement(By.id("per-endpoints")).getText())
                .contains("support")
                .contains("resilient");
        assertThat(driver.findElement(By.id("per-models")).getText())
                .contains("mock/mini")
                .contains("mock/echo");
        shot("overview");
    }

    @Test
    @Order(3)
    void filtersSortsAndSearchesTheTraceList() throws IOException {
        driver.get(fixture.ui() + "/traces");
        assertThat(rows()).hasSize(18);
        assertThat(driver.findElement(By.id("trace-table")).getText()).doesNotContain("faithful to the context");

        setField("endpoint", "support");
        new Select(driver.findElement(By.name("sort"))).selectByValue("latency_desc");
        driver.findElement(By.cssSelector("#trace-filters button[type=submit]")).click();
        List<WebElement> support = rows();
        assertThat(support).hasSize(7);
        assertThat(driver.getCurrentUrl()).contains("endpoint=support").contains("sort=latency_desc");
        List<Double> latencies = support.stream()
                .map(r -> millis(r.findElements(By.tagName("td")).get(4).getText()))
                .toList();
        assertThat(latencies).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        driver.get(fixture.ui() + "/traces");
        new Select(driver.findElement(By.name("status"))).selectByValue("ERROR");
        driver.findElement(By.cssSelector("#trace-filters button[type=submit]")).click();
        assertThat(rows()).hasSize(1);
        assertThat(rows().getFirst().getText()).contains("mock/flaky").contains("ERROR");

        driver.get(fixture.ui() + "/traces");
        setField("experiment", "greeting-test");
        setField("variant", "candidate");
        driver.findElement(By.cssSelector("#trace-filters button[type=submit]")).click();
        assertThat(rows()).hasSize(3).allSatisfy(r -> assertThat(r.getText()).contains("mlflowlite.variant=candidate"));

        driver.get(fixture.ui() + "/traces");
        setField("q", "SPIDER");
        driver.findElement(By.cssSelector("#trace-filters button[type=submit]")).click();
        assertThat(rows()).hasSize(1);
        assertThat(rows().getFirst().getText()).contains("How many legs does a spider have?");

        driver.get(fixture.ui() + "/traces");
        driver.findElement(By.name("judges")).click();
        driver.findElement(By.cssSelector("#trace-filters button[type=submit]")).click();
        assertThat(rows()).hasSize(19);
        assertThat(driver.findElement(By.id("trace-table")).getText()).contains("faithful to the context");
        shot("traces");
    }

    @Test
    @Order(4)
    void aTraceShowsItsMessagesAttemptsAndSpansThatExpand() throws IOException {
        driver.get(fixture.ui() + "/traces?endpoint=resilient");
        rows().getFirst().findElement(By.cssSelector("a")).click();
        assertThat(find(By.id("trace-summary")).getText()).contains("resilient").contains("OK");
        assertThat(driver.findElement(By.id("attempts")).getText())
                .contains("mock/flaky")
                .contains("FAILED")
                .contains("mock/balanced")
                .contains("SUCCESS");
        WebElement messages = driver.findElement(By.id("messages"));
        assertThat(messages.findElement(By.cssSelector(".msg.user")).getText())
                .contains("Name a prime number larger than ten.");
        assertThat(messages.findElements(By.cssSelector(".msg.assistant"))).isNotEmpty();

        List<WebElement> spans = driver.findElements(By.cssSelector("#spans details.span"));
        assertThat(spans).hasSizeGreaterThanOrEqualTo(3); // the call and its two attempts
        WebElement root = spans.getFirst();
        assertThat(root.getAttribute("open")).isNull();
        assertThat(root.findElement(By.cssSelector("pre.inputs")).isDisplayed()).isFalse();
        root.findElement(By.tagName("summary")).click();
        assertThat(root.getAttribute("open")).isNotNull();
        assertThat(root.findElement(By.cssSelector("pre.inputs")).getText()).contains("Name a prime number");
        assertThat(root.findElement(By.cssSelector(".bar")).getAttribute("style"))
                .contains("width");
        shot("trace");
    }

    @Test
    @Order(5)
    void evaluationRunsCompareSideBySideWithTheRegressionsHighlighted() throws IOException {
        driver.get(fixture.ui() + "/evals");
        assertThat(driver.findElement(By.id("runs")).getText())
                .contains("qa-baseline")
                .contains("qa-echo");
        new Select(driver.findElement(By.name("baseline")))
                .selectByValue(fixture.baseline.run().runId());
        new Select(driver.findElement(By.name("candidate")))
                .selectByValue(fixture.candidate.run().runId());
        driver.findElement(By.cssSelector("#compare-form button[type=submit]")).click();
        WebElement comparison = find(By.id("comparison"));
        assertThat(comparison.getText())
                .contains("contains_expected")
                .contains("qa-baseline")
                .contains("qa-echo");
        assertThat(comparison.findElements(By.cssSelector(".worse"))).isNotEmpty();
        assertThat(comparison.findElements(By.cssSelector("details.row"))).isNotEmpty(); // the regressed rows
        assertThat(comparison.findElements(By.tagName("svg"))).isNotEmpty();
        shot("compare");

        driver.get(fixture.ui() + "/evals/" + fixture.candidate.run().runId());
        assertThat(driver.findElement(By.id("aggregates")).getText()).contains("contains_expected");
        int all = driver.findElements(By.cssSelector("#rows tr")).size() - 1;
        driver.findElement(By.id("failing-only")).click();
        awaitUrl("failing=1");
        List<WebElement> failing = driver.findElements(By.cssSelector("#rows tr.failing"));
        assertThat(failing).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#rows tr")).size() - 1).isEqualTo(failing.size());
        assertThat(failing.size()).isLessThanOrEqualTo(all);
        assertThat(failing.getFirst().getText()).contains("does not contain");
    }

    @Test
    @Order(6)
    void promptVersionsShowTheirDiffAliasesAndTraces() throws IOException {
        driver.get(fixture.ui() + "/prompts");
        assertThat(driver.findElement(By.id("prompts")).getText())
                .contains("greeter")
                .contains("@production");
        driver.findElement(By.linkText("greeter")).click();
        new Select(driver.findElement(By.name("from"))).selectByValue("1");
        new Select(driver.findElement(By.name("to"))).selectByValue("2");
        driver.findElement(By.cssSelector("#diff-form button[type=submit]")).click();
        WebElement diff = find(By.id("diff"));
        assertThat(diff.findElement(By.cssSelector(".del")).getText()).contains("in one sentence.");
        assertThat(diff.findElements(By.cssSelector(".add")).getFirst().getText())
                .contains("in one short sentence.");
        assertThat(diff.getText()).contains(UiFixture.XSS_SCRIPT);
        assertThat(driver.findElement(By.id("diff-metadata")).getText()).contains("commit_message");
        WebElement v2 = driver.findElement(By.id("version-2"));
        assertThat(v2.getText()).contains("@production");
        assertThat(v2.findElements(By.cssSelector("a.pill"))).hasSize(1); // the call that rendered it
        shot("prompt-diff");
    }

    @Test
    @Order(7)
    void hostileTextIsShownAsTextNeverRun() {
        driver.get(fixture.ui() + "/traces?q="
                + java.net.URLEncoder.encode("Repeat after me", java.nio.charset.StandardCharsets.UTF_8));
        rows().getFirst().findElement(By.cssSelector("a")).click();
        String userText = find(By.cssSelector("#messages .msg.user")).getText();
        assertThat(userText).contains(UiFixture.XSS_SCRIPT).contains(UiFixture.XSS_IMG);
        assertNoInjectedMarkup();

        driver.get(fixture.ui() + "/prompts/greeter");
        assertThat(driver.findElement(By.cssSelector("#version-2 pre.template")).getText())
                .contains(UiFixture.XSS_SCRIPT)
                .contains(UiFixture.XSS_IMG);
        assertNoInjectedMarkup();

        driver.get(fixture.ui() + "/evals/" + fixture.candidate.run().runId());
        assertThat(driver.findElement(By.id("rows")).getText()).contains(UiFixture.XSS_SCRIPT);
        assertNoInjectedMarkup();
        driver.get(fixture.ui() + "/evals/compare?baseline="
                + fixture.baseline.run().runId() + "&candidate="
                + fixture.candidate.run().runId());
        assertNoInjectedMarkup();
    }

    @Test
    @Order(8)
    void theRolloutsExperimentShowsBothVariantsWithTrafficAndItsStages() throws IOException {
        String id = migration.migration.id();
        driver.get(migration.ui() + "/experiments");
        assertThat(driver.findElement(By.id("experiments")).getText()).contains(id, "chat", "promoted");
        driver.findElement(By.linkText(id)).click();
        find(By.id("variants"));
        List<WebElement> variants = driver.findElements(By.cssSelector("#variants tr"));
        assertThat(variants).hasSize(3); // the header, control and candidate
        for (WebElement v : variants.subList(1, 3)) {
            List<WebElement> cells = v.findElements(By.tagName("td"));
            assertThat(Long.parseLong(cells.get(2).getText())).as(v.getText()).isPositive(); // calls
            assertThat(cells.get(4).getText()).as(v.getText()).endsWith("ms"); // p95
        }
        assertThat(variants.get(1).getText()).contains("chat-current");
        assertThat(variants.get(2).getText()).contains("chat-candidate");
        assertThat(driver.findElement(By.id("transitions")).getText()).contains("create", "advance", "promote");
        shot("experiment");
    }

    @Test
    @Order(9)
    void postsNeedTheCsrfTokenAndSigningOutEndsTheSession() throws Exception {
        String cookie =
                Auth.COOKIE + "=" + driver.manage().getCookieNamed(Auth.COOKIE).getValue();
        HttpResponse<String> forged = fixture.http.send(
                HttpRequest.newBuilder(URI.create(fixture.ui() + "/logout"))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf=forged"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> get = fixture.http.send(
                HttpRequest.newBuilder(URI.create(fixture.ui() + "/logout"))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        driver.get(fixture.ui() + "/traces");
        assertThat(rows()).isNotEmpty(); // the session survived both

        driver.findElement(By.cssSelector("header .who button")).click();
        awaitUrl("/ui/login");
        driver.get(fixture.ui() + "/traces");
        assertThat(driver.getCurrentUrl()).contains("/ui/login");
    }

    @Test
    @Order(10)
    void theNavigationLeadsToTheMigrationsList() throws IOException {
        driver.get(migration.ui() + "/");
        driver.findElement(By.linkText("Migrations")).click();
        awaitUrl("/ui/migrations");
        assertThat(driver.getCurrentUrl()).endsWith("/ui/migrations");
        List<WebElement> rows = driver.findElements(By.cssSelector("#migrations tr"));
        assertThat(rows).hasSize(2); // the header and the one migration
        assertThat(rows.get(1).findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly(
                        migration.migration.id(),
                        "chat",
                        "mock/pro → mock/next",
                        "promoted",
                        "done",
                        "go",
                        Fmt.time(migration.migration.created()),
                        Fmt.time(migration.migration.updated()));
        shot("migrations");
        rows.get(1).findElement(By.linkText(migration.migration.id())).click();
        awaitUrl("/ui/migrations/" + migration.migration.id());
        assertThat(driver.getCurrentUrl()).endsWith("/ui/migrations/" + migration.migration.id());
    }

    @Test
    @Order(11)
    void aMigrationShowsItsStepsGateAndReportAndLinksToItsEvidence() throws IOException {
        String id = migration.migration.id();
        driver.get(migration.ui() + "/migrations/" + id);
        assertThat(driver.findElement(By.id("migration-summary")).getText())
                .contains("chat", "mock/pro → mock/next", "promoted");
        assertThat(driver.findElement(By.id("verdict")).getText()).isEqualTo("go");
        List<List<String>> steps = driver.findElements(By.cssSelector("#steps tr")).stream()
                .skip(1)
                .map(r -> r.findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList())
                .toList();
        assertThat(steps)
                .extracting(r -> r.get(1))
                .containsExactly("capture", "evaluate", "optimize", "compare", "rollout", "promote");
        assertThat(steps).allSatisfy(r -> {
            assertThat(r.get(2)).isEqualTo("done");
            assertThat(r.get(4)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"); // next since
            assertThat(r.get(5)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"); // done
        });
        assertThat(steps)
                .extracting(r -> r.get(3))
                .containsExactly("done", "done", "improved", "go", "completed", "promoted");

        WebElement report = driver.findElement(By.id("report"));
        assertThat(report.findElement(By.id("decision")).getText()).contains("GO", "label_match", "cost");
        WebElement comparison = report.findElement(By.id("comparison"));
        assertThat(comparison.getText()).contains("paired 95 % interval", "label_match", "Per 1,000 requests");
        assertThat(comparison.findElements(By.tagName("svg"))).isNotEmpty();
        assertThat(report.findElement(By.id("optimization")).getText()).contains("improved");
        assertThat(report.findElement(By.id("rollout")).getText()).contains("advance", "promote");
        assertThat(report.findElements(By.cssSelector("#events details")))
                .hasSize(migration.migrations.events(id).size());
        shot("migration");

        driver.findElement(By.linkText("the report on a page of its own")).click();
        assertThat(find(By.id("decision")).getText()).contains("GO");
        assertThat(driver.getTitle()).contains("Migration " + id);

        driver.get(migration.ui() + "/migrations/" + id);
        driver.findElement(By.linkText("today against the candidate")).click();
        assertThat(find(By.id("comparison")).getText()).contains("label_match");
        driver.navigate().back();
        driver.findElement(By.cssSelector("#prompt-links a")).click();
        assertThat(driver.findElement(By.id("diff")).getText()).isNotBlank();
        assertThat(driver.getCurrentUrl()).contains("/ui/prompts/support-answer?from=1&to=2");
        driver.navigate().back();
        driver.findElement(By.cssSelector("#rollout-link a")).click();
        assertThat(driver.findElement(By.id("experiment-name")).getText()).isEqualTo(id);
    }

    @Test
    @Order(12)
    void hostileMigrationTextIsShownAsTextNeverRun() throws Exception {
        String id = migration.migration.id();
        String reason = "undo " + UiFixture.XSS_SCRIPT + UiFixture.XSS_IMG;
        migration.service.rollback(id, reason);
        driver.get(migration.ui() + "/migrations/" + id);
        assertThat(driver.findElement(By.id("migration-summary")).getText()).contains("rolled_back");
        // the rollback's reason, in its event and in the rollout's history
        assertThat(driver.findElement(By.id("events")).getText()).contains(reason);
        assertThat(driver.findElement(By.id("rollout")).getText()).contains(reason);
        assertNoInjectedMarkup();
        HttpResponse<String> page = fixture.http.send(
                HttpRequest.newBuilder(URI.create(migration.ui() + "/migrations/" + id))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body())
                .contains("&lt;script&gt;alert(")
                .doesNotContain("<script>alert")
                .doesNotContain("<img src=x");

        // the prompt versions it links to: the system message both carry is hostile
        driver.findElement(By.cssSelector("#prompt-links a")).click();
        assertThat(driver.findElement(By.cssSelector("#version-2 pre.template")).getText())
                .contains(UiFixture.XSS_SCRIPT + UiFixture.XSS_IMG);
        assertNoInjectedMarkup();

        driver.get(migration.ui() + "/migrations/"
                + java.net.URLEncoder.encode(UiFixture.XSS_IMG, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"));
        assertThat(driver.findElement(By.id("error-message")).getText()).contains("No migration " + UiFixture.XSS_IMG);
        assertNoInjectedMarkup();
    }

    @Test
    @Order(13)
    void theTraceListShowsANewCallWithinSecondsWithoutAReload() {
        driver.get(fixture.ui() + "/traces?q=tide");
        if (driver.getCurrentUrl().contains("/ui/login")) { // signed out by an earlier test
            driver.findElement(By.id("key")).sendKeys(UiFixture.ADMIN_KEY);
            driver.findElement(By.cssSelector("form button[type=submit]")).click();
        }
        awaitUrl("/ui/traces?q=tide");
        assertThat(rows()).isEmpty();
        // a mark on this page's window: a full reload would drop it, htmx's swap of the rows keeps it
        ((JavascriptExecutor) driver).executeScript("window.stillThisPage = true;");

        fixture.gateway.completion(ChatRequest.of("mock/mini", "When is high tide today?"));
        fixture.tracing.flush(Duration.ofSeconds(10));

        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("#trace-rows tr.trace-row"))
                                .size()
                        == 1);
        assertThat(rows().getFirst().getText()).contains("When is high tide today?");
        assertThat(((JavascriptExecutor) driver).executeScript("return window.stillThisPage;"))
                .isEqualTo(true);
    }

    /**
     * Waits for the browser to be at a URL containing {@code part}: a form's answer redirects, and the click that
     * submitted it can return before the browser followed the redirect.
     */
    private static void awaitUrl(String part) {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .withMessage(() -> "the URL to contain " + part + "; at " + driver.getCurrentUrl())
                .until(d -> d.getCurrentUrl().contains(part));
    }

    /**
     * The element {@code by} finds once it is there: after a click that navigates, the new page may not have
     * loaded yet when the click returns.
     */
    private static WebElement find(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(by));
    }

    private static void assertNoInjectedMarkup() {
        assertThat(driver.findElements(By.cssSelector("img[onerror]"))).isEmpty();
        assertThat(driver.findElements(By.xpath("//script[contains(., 'xss')]")))
                .isEmpty();
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    private static List<WebElement> rows() {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.id("trace-table")).isEmpty());
        return driver.findElements(By.cssSelector("#trace-rows tr.trace-row"));
    }

    private static void setField(String name, String value) {
        WebElement field = driver.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    private static double millis(String shown) {
        String[] parts = shown.split(" ");
        double v = Double.parseDouble(parts[0]);
        return parts[1].equals("s") ? v * 1000 : v;
    }

    private static void shot(String name) throws IOException {
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
