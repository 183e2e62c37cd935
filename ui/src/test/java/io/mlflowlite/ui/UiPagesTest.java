package io.mlflowlite.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI's pages over HTTP without a browser: sign-in, every page answering, escaping, CSRF, no state change by
 * GET, security headers. (The browser tests drive the same pages in Chromium.)
 */
class UiPagesTest {
    @TempDir
    static Path dir;

    static UiFixture fixture;
    static String cookie;

    @BeforeAll
    static void start() throws Exception {
        fixture = new UiFixture(dir);
        HttpResponse<String> form = get("/login", null);
        String csrf = between(form.body(), "name=\"csrf\" value=\"", "\"");
        HttpResponse<String> login =
                post("/login", null, "csrf=" + csrf + "&next=%2Fui%2Ftraces&key=" + UiFixture.ADMIN_KEY);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("location")).contains("/ui/traces");
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/ui");
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void withoutASessionEveryPageSendsToTheLoginForm() throws Exception {
        HttpResponse<String> r = get("/traces?model=x", null);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("location")).contains("/ui/login?next=%2Fui%2Ftraces%3Fmodel%3Dx");
    }

    @Test
    void everyPageAnswers() throws Exception {
        String run = fixture.baseline.run().runId();
        String other = fixture.candidate.run().runId();
        for (String path : new String[] {
            "/",
            "/?range=7d",
            "/traces",
            "/traces?sort=cost_desc",
            "/traces?judges=1",
            "/evals",
            "/evals/" + run,
            "/evals/" + run + "?failing=1",
            "/evals/compare?baseline=" + run + "&candidate=" + other,
            "/prompts",
            "/prompts/greeter",
            "/prompts/greeter?from=1&to=2",
            "/experiments",
            "/migrations"
        }) {
            HttpResponse<String> r = get(path, cookie);
            assertThat(r.statusCode()).as(path + "\n" + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-security-policy")).isPresent();
            assertThat(r.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        }
        assertThat(get("/traces/tr-doesnotexist", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/prompts/nope", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/migrations", cookie).body()).contains("No migrations in this store yet");
        assertThat(get("/migrations/mig-000000000000", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/migrations/mig-000000000000/report", cookie).statusCode())
                .isEqualTo(404);
        assertThat(get("/traces?min_cost=abc", cookie).body()).contains("Invalid min_cost");
        assertThat(get("/static/htmx.min.js", null).statusCode()).isEqualTo(200);
    }

    @Test
    void hostileTextIsEscapedOnEveryPageThatShowsIt() throws Exception {
        String trace = get("/traces?q=Repeat+after+me", cookie).body();
        assertThat(trace).doesNotContain(UiFixture.XSS_SCRIPT).doesNotContain("<img src=x");
        String id = between(trace, "href=\"/ui/traces/", "\"");
        for (String path : new String[] {
            "/traces/" + id,
            "/prompts/greeter",
            "/prompts/greeter?from=1&to=2",
            "/evals/" + fixture.candidate.run().runId()
        }) {
            String body = get(path, cookie).body();
            assertThat(body)
                    .as(path)
                    .contains("&lt;script&gt;alert(")
                    .doesNotContain("<script>alert")
                    .doesNotContain("<img src=x");
        }
        HttpResponse<String> unknown = get("/migrations/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", cookie);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No migration ").doesNotContain("<img src=x");
    }

    @Test
    void theComparisonEmbedsNoRawMarkupFromTheRuns() throws Exception {
        String body = get(
                        "/evals/compare?baseline=" + fixture.baseline.run().runId() + "&candidate="
                                + fixture.candidate.run().runId(),
                        cookie)
                .body();
        assertThat(body).contains("qa-baseline").doesNotContain("<script>alert").doesNotContain("<img src=x");
        assertThat(body).contains("class=\"worse\"");
    }

    @Test
    void postsNeedTheirCsrfTokenAndPagesChangeNothing() throws Exception {
        assertThat(post("/logout", cookie, "csrf=forged").statusCode()).isEqualTo(403);
        assertThat(post("/traces", cookie, "").statusCode()).isEqualTo(405);
        assertThat(get("/logout", cookie).statusCode()).isEqualTo(405);
        assertThat(get("/traces", cookie).statusCode()).isEqualTo(200); // still signed in
        assertThat(post("/login", null, "csrf=forged&key=" + UiFixture.ADMIN_KEY)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theLoginRedirectStaysInsideTheUi() {
        assertThat(WebPages.safeNext("https://evil.example/")).isEqualTo("/ui/");
        assertThat(WebPages.safeNext("//evil.example/ui/")).isEqualTo("/ui/");
        assertThat(WebPages.safeNext("/ui/traces?q=1")).isEqualTo("/ui/traces?q=1");
    }

    static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fixture.ui() + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return fixture.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fixture.ui() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return fixture.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String between(String text, String start, String end) {
        int i = text.indexOf(start);
        assertThat(i).as("'" + start + "' in the page").isNotNegative();
        i += start.length();
        return text.substring(i, text.indexOf(end, i));
    }
}
