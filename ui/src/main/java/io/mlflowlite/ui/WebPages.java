package io.mlflowlite.ui;

import com.fasterxml.jackson.databind.JsonNode;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.EvalComparison;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.RowResult;
import io.mlflowlite.experiments.ExperimentService;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationAdminService;
import io.mlflowlite.migrate.MigrationEvent;
import io.mlflowlite.migrate.MigrationReport;
import io.mlflowlite.prompt.PromptDiff;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TracePoint;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.ui.Views.Layout;
import io.mlflowlite.webui.WebRequest;
import io.mlflowlite.webui.WebResponse;
import io.mlflowlite.webui.WebUi;
import io.mlflowlite.webui.WebUiContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The web UI: routes each request below {@code /ui} to its page, checks the session and the CSRF token, reads
 * the stores and renders the page's jte template (precompiled at build time; jte escapes every value the pages
 * show). Pages are GET only; the only POSTs are signing in and out. Thread-safe.
 */
final class WebPages implements WebUi {
    private static final System.Logger LOG = System.getLogger(WebPages.class.getName());
    /** The most traces the overview reads for one window. */
    static final int OVERVIEW_LIMIT = 200_000;

    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Cache-Control",
            "no-store",
            "X-Content-Type-Options",
            "nosniff",
            "X-Frame-Options",
            "DENY",
            "Referrer-Policy",
            "same-origin",
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");

    private final UiStores stores;
    private final Auth auth;
    private final Clock clock;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final byte[] css = resource("/io/mlflowlite/ui/ui.css");
    private final byte[] htmx = htmx();

    WebPages(UiStores stores, WebUiContext context, Clock clock) {
        this.stores = stores;
        this.auth = new Auth(context, clock);
        this.clock = clock;
    }

    @Override
    public WebResponse handle(WebRequest request) {
        String path = request.path();
        try {
            if (path.equals("/static/ui.css")) {
                return asset("text/css; charset=utf-8", css);
            }
            if (path.equals("/static/htmx.min.js")) {
                return asset("text/javascript; charset=utf-8", htmx);
            }
            if (path.equals("/login")) {
                return request.method().equals("POST") ? login(request) : loginForm(request, null);
            }
            Optional<Auth.Session> session = auth.session(request);
            if (session.isEmpty()) {
                String next = WebUi.ROOT + path + (request.query().isEmpty() ? "" : "?" + request.query());
                return WebResponse.redirect(WebUi.ROOT + "/login?next=" + Fmt.url(next), SECURITY_HEADERS);
            }
            if (path.equals("/logout")) {
                return request.method().equals("POST")
                        ? logout(request, session.get())
                        : error(session.get(), 405, "Signing out is a POST (the button in the header).");
            }
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                return error(session.get(), 405, request.method() + " is not allowed here: the UI only reads.");
            }
            return page(request, session.get());
        } catch (NoSuchElementException | io.mlflowlite.prompt.PromptNotFoundException e) {
            return error(auth.session(request).orElse(null), 404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(auth.session(request).orElse(null), 400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "UI page " + request + " failed", e);
            return error(auth.session(request).orElse(null), 500, "This page failed: " + e.getMessage());
        }
    }

    private WebResponse page(WebRequest request, Auth.Session session) {
        String path = request.path();
        List<String> parts = segments(path);
        if (parts.isEmpty()) {
            return overview(request, session);
        }
        switch (parts.getFirst()) {
            case "traces" -> {
                if (parts.size() == 1) {
                    return traces(request, session);
                }
                if (parts.size() == 2) {
                    return trace(parts.get(1), session);
                }
            }
            case "evals" -> {
                if (parts.size() == 1) {
                    return evals(session);
                }
                if (parts.size() == 2 && parts.get(1).equals("compare")) {
                    return compare(request, session);
                }
                if (parts.size() == 2) {
                    return evalRun(parts.get(1), request, session);
                }
            }
            case "prompts" -> {
                if (parts.size() == 1) {
                    return prompts(session);
                }
                if (parts.size() == 2) {
                    return prompt(parts.get(1), request, session);
                }
            }
            case "experiments" -> {
                if (parts.size() == 1) {
                    return experiments(session);
                }
                if (parts.size() == 2) {
                    return experiment(parts.get(1), session);
                }
            }
            case "migrations" -> {
                if (parts.size() == 1) {
                    return migrations(session);
                }
                if (parts.size() == 2) {
                    return migration(parts.get(1), session);
                }
                if (parts.size() == 3 && parts.get(2).equals("report")) {
                    return migrationReport(parts.get(1));
                }
            }
            default -> {
                // falls through to the 404 below
            }
        }
        throw new NoSuchElementException("There is no page at " + WebUi.ROOT + path + ".");
    }

    // ---- pages

    private WebResponse overview(WebRequest request, Auth.Session session) {
        String range = request.param("range").orElse("24h");
        Duration window = Overview.RANGES.get(range);
        if (window == null) {
            throw new IllegalArgumentException("range must be one of 1h, 24h, 7d, 30d; was '" + range + "'");
        }
        Instant to = clock.instant();
        Instant from = to.minus(window);
        List<TracePoint> points = stores.traces().points(from, to, Set.of(TraceFilter.JUDGE_TAG), OVERVIEW_LIMIT + 1);
        boolean truncated = points.size() > OVERVIEW_LIMIT;
        Overview overview =
                Overview.of(range, from, to, truncated ? points.subList(0, OVERVIEW_LIMIT) : points, truncated);
        return render(
                "overview.jte",
                new Views.OverviewPage(
                        layout("Overview", "overview", session), overview, List.of("1h", "24h", "7d", "30d")));
    }

    private WebResponse traces(WebRequest request, Auth.Session session) {
        TraceFilter filter = TraceFilter.from(request.params());
        TraceQuery query = filter.query();
        TracePage page = stores.traces().search(query);
        String next = page.nextPageToken().map(filter::url).orElse(null);
        String live = filter.page().isEmpty() ? filter.url(null) : null;
        return render(
                "traces.jte",
                new Views.TracesPage(
                        layout("Traces", "traces", session),
                        filter,
                        page.traces(),
                        next,
                        filter.page().isEmpty() ? null : filter.url(null),
                        live,
                        -1));
    }

    private WebResponse trace(String id, Auth.Session session) {
        TraceDetail detail = stores.traces()
                .get(id)
                .map(TraceDetail::of)
                .orElseThrow(() -> new NoSuchElementException(
                        "No trace " + id + " in " + stores.traces().describe()));
        return render("trace.jte", new Views.TracePage(layout("Trace " + id, "traces", session), detail));
    }

    private WebResponse evals(Auth.Session session) {
        return render(
                "evals.jte",
                new Views.EvalsPage(
                        layout("Evaluations", "evals", session), stores.evals().recent(200)));
    }

    private WebResponse evalRun(String runId, WebRequest request, Auth.Session session) {
        EvaluationResult result =
                stores.evals().get(runId).orElseThrow(() -> new NoSuchElementException("No evaluation run " + runId));
        boolean failingOnly = request.param("failing").isPresent();
        List<Views.RowView> rows = new ArrayList<>();
        int failing = 0;
        for (RowResult r : result.rows()) {
            boolean fails = failing(r);
            failing += fails ? 1 : 0;
            if (failingOnly && !fails) {
                continue;
            }
            rows.add(new Views.RowView(
                    r.index(),
                    Fmt.value(r.inputs()),
                    r.outputs().map(Fmt::value).orElse(""),
                    r.expectations().isEmpty() ? "" : Fmt.value(r.expectations()),
                    r.error().orElse(null),
                    r.feedbacks(),
                    fails,
                    r.traceId().orElse(null)));
        }
        return render(
                "eval.jte",
                new Views.EvalRunPage(
                        layout("Evaluation " + result.run().name(), "evals", session),
                        result.run(),
                        result.aggregateScores().all(),
                        rows,
                        failingOnly,
                        result.rows().size(),
                        failing));
    }

    /** A row fails when its prediction failed, a scorer failed, or a verdict is no. */
    static boolean failing(RowResult r) {
        if (r.error().isPresent()) {
            return true;
        }
        for (Feedback f : r.feedbacks()) {
            if (f.isError()) {
                return true;
            }
            if (f.isOk()) {
                Object v = f.value();
                if (Boolean.FALSE.equals(v)
                        || "no".equalsIgnoreCase(String.valueOf(v))
                        || "false".equalsIgnoreCase(String.valueOf(v))) {
                    return true;
                }
            }
        }
        return false;
    }

    private WebResponse compare(WebRequest request, Auth.Session session) {
        String baselineId = request.param("baseline")
                .orElseThrow(() -> new IllegalArgumentException("Choose a baseline run to compare."));
        String candidateId = request.param("candidate")
                .orElseThrow(() -> new IllegalArgumentException("Choose a candidate run to compare."));
        EvaluationResult baseline = stores.evals()
                .get(baselineId)
                .orElseThrow(() -> new NoSuchElementException("No evaluation run " + baselineId));
        EvaluationResult candidate = stores.evals()
                .get(candidateId)
                .orElseThrow(() -> new NoSuchElementException("No evaluation run " + candidateId));
        EvalComparison comparison = EvalComparison.of(baseline, candidate);
        return render(
                "compare.jte",
                new Views.ComparePage(
                        layout(
                                "Compare " + baseline.run().name() + " and "
                                        + candidate.run().name(),
                                "evals",
                                session),
                        baseline.run(),
                        candidate.run(),
                        comparison.toHtmlFragment(),
                        embedded(EvalComparison.htmlStyle())));
    }

    private WebResponse prompts(Auth.Session session) {
        PromptRegistry registry = stores.prompts();
        List<Views.PromptSummary> list = new ArrayList<>();
        for (String name : registry.search("")) {
            List<PromptVersion> versions = registry.versions(name);
            list.add(new Views.PromptSummary(
                    name,
                    versions.isEmpty() ? 0 : versions.getLast().version(),
                    versions.size(),
                    registry.aliases(name)));
        }
        return render("prompts.jte", new Views.PromptsPage(layout("Prompts", "prompts", session), list));
    }

    private WebResponse prompt(String name, WebRequest request, Auth.Session session) {
        PromptRegistry registry = stores.prompts();
        List<PromptVersion> versions = registry.versions(name);
        if (versions.isEmpty()) {
            throw new NoSuchElementException("No prompt called '" + name + "'");
        }
        Map<String, Integer> aliases = registry.aliases(name);
        List<Views.VersionView> views = new ArrayList<>();
        for (PromptVersion v : versions.reversed()) {
            List<String> named = aliases.entrySet().stream()
                    .filter(e -> e.getValue() == v.version())
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            TracePage used = stores.traces()
                    .search(TraceQuery.builder()
                            .linkedPrompt(name, v.version())
                            .pageSize(5)
                            .build());
            views.add(new Views.VersionView(
                    v.version(),
                    Fmt.time(v.created()),
                    v.commitMessage(),
                    templateText(registry, v),
                    named,
                    used.traces(),
                    used.nextPageToken().isPresent()));
        }
        Views.DiffView diff = null;
        Optional<String> from = request.param("from");
        Optional<String> to = request.param("to");
        if (from.isPresent() && to.isPresent()) {
            int a = version(from.get());
            int b = version(to.get());
            PromptDiff d = registry.diff(name, a, b);
            List<Views.DiffLine> lines = d.lines().stream()
                    .map(l -> new Views.DiffLine(
                            l.startsWith("+ ") ? "add" : l.startsWith("- ") ? "del" : "keep",
                            l.length() >= 2 ? l.substring(2) : ""))
                    .toList();
            diff = new Views.DiffView(a, b, lines, d.metadata(), d.isEmpty());
        }
        return render(
                "prompt.jte",
                new Views.PromptPage(layout("Prompt " + name, "prompts", session), name, views, aliases, diff));
    }

    private static int version(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A version is a number, was '" + v + "'");
        }
    }

    /** The template as text: a text template as it is, a chat template as {@code [role]} lines and content. */
    private static String templateText(PromptRegistry registry, PromptVersion v) {
        PromptDiff self = registry.diff(v.name(), v.version(), v.version());
        StringBuilder out = new StringBuilder();
        self.lines()
                .forEach(l -> out.append(l.length() >= 2 ? l.substring(2) : l).append('\n'));
        return out.toString().stripTrailing();
    }

    private WebResponse experiments(Auth.Session session) {
        ExperimentService service = stores.experiments();
        List<JsonNode> list = new ArrayList<>();
        service.list().path("experiments").forEach(list::add);
        return render(
                "experiments.jte", new Views.ExperimentsPage(layout("Experiments", "experiments", session), list));
    }

    private WebResponse experiment(String name, Auth.Session session) {
        ExperimentService service = stores.experiments();
        JsonNode shown =
                service.show(name).orElseThrow(() -> new NoSuchElementException("No experiment called '" + name + "'"));
        JsonNode report = service.report(name).orElse(null);
        return render(
                "experiment.jte",
                new Views.ExperimentPage(layout("Experiment " + name, "experiments", session), shown, report));
    }

    private WebResponse migrations(Auth.Session session) {
        return render(
                "migrations.jte",
                new Views.MigrationsPage(
                        layout("Migrations", "migrations", session),
                        stores.migrations().store().list()));
    }

    private WebResponse migration(String id, Auth.Session session) {
        MigrationAdminService admin = stores.migrations();
        Migration m = admin.store().get(id).orElseThrow(() -> noMigration(admin, id));
        List<MigrationEvent> events = admin.store().events(id);
        MigrationReport report = new MigrationReport(m, events, admin.comparison(m));
        return render(
                "migration.jte",
                new Views.MigrationPage(
                        layout("Migration " + id, "migrations", session),
                        MigrationDetail.of(m, events),
                        report.htmlFragment(),
                        embedded(MigrationReport.htmlStyle())));
    }

    /** The report as {@code mlflowlite migrate report --html} writes it: a page of its own. */
    private WebResponse migrationReport(String id) {
        MigrationAdminService admin = stores.migrations();
        String html = admin.report(id).orElseThrow(() -> noMigration(admin, id)).html();
        return WebResponse.html(200, html, SECURITY_HEADERS);
    }

    private static NoSuchElementException noMigration(MigrationAdminService admin, String id) {
        return new NoSuchElementException(
                "No migration " + id + " in " + admin.store().describe());
    }

    // ---- signing in and out

    private WebResponse loginForm(WebRequest request, String problem) {
        String next = safeNext(request.param("next").orElse(WebUi.ROOT + "/"));
        return render(
                problem == null ? 200 : 401,
                "login.jte",
                new Views.LoginPage(
                        new Layout("Sign in", "login", auth.loginRequired(), null, auth.csrf("login")),
                        next,
                        problem,
                        auth.loginPossible()),
                Map.of());
    }

    private WebResponse login(WebRequest request) {
        Map<String, String> form = request.form();
        if (!auth.csrfValid("login", form.get("csrf"))) {
            return error(null, 403, "The form expired or did not come from this page: sign in again.");
        }
        String next = safeNext(form.getOrDefault("next", WebUi.ROOT + "/"));
        Optional<Auth.Session> session = auth.login(form.get("key"));
        if (session.isEmpty()) {
            WebRequest again = new WebRequest("GET", "/login", "next=" + Fmt.url(next), Map.of(), null);
            return loginForm(again, "That key is neither the admin key nor the UI key.");
        }
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Set-Cookie", Auth.cookie(session.get()));
        return WebResponse.redirect(next, headers);
    }

    private WebResponse logout(WebRequest request, Auth.Session session) {
        if (!auth.csrfValid(session.id(), request.form().get("csrf"))) {
            return error(session, 403, "The form expired or did not come from this page.");
        }
        auth.logout(session);
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Set-Cookie", Auth.expiredCookie());
        return WebResponse.redirect(WebUi.ROOT + "/login", headers);
    }

    /** Only a path inside the UI, never another site (an open redirect). */
    static String safeNext(String next) {
        if (next != null
                && next.startsWith(WebUi.ROOT + "/")
                && !next.startsWith("//")
                && !next.contains("\\")
                && !next.contains("://")) {
            return next;
        }
        return WebUi.ROOT + "/";
    }

    // ---- rendering

    private Layout layout(String title, String section, Auth.Session session) {
        return new Layout(
                title,
                section,
                auth.loginRequired(),
                session == null || session.role() == Auth.Role.OPEN
                        ? null
                        : session.role().name().toLowerCase(java.util.Locale.ROOT),
                session == null ? auth.csrf("login") : auth.csrf(session.id()));
    }

    private WebResponse error(Auth.Session session, int status, String message) {
        return render(
                status,
                "error.jte",
                new Views.ErrorPage(layout(status == 404 ? "Not found" : "Error", "error", session), status, message),
                Map.of());
    }

    private WebResponse render(String template, Object page) {
        return render(200, template, page, Map.of());
    }

    private WebResponse render(int status, String template, Object page, Map<String, String> extra) {
        StringOutput out = new StringOutput(16_384);
        templates.render(template, Map.of("page", page), out);
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.putAll(extra);
        return WebResponse.html(status, out.toString(), headers);
    }

    /** A report's CSS for a page of the UI: without its rule for the body, which the UI's own layout sets. */
    private static String embedded(String css) {
        return css.replaceFirst("body\\{[^}]*\\}\\s*", "");
    }

    private static WebResponse asset(String type, byte[] body) {
        return new WebResponse(
                200, type, Map.of("Cache-Control", "public, max-age=3600", "X-Content-Type-Options", "nosniff"), body);
    }

    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
        }
        return parts;
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebPages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The UI's resource " + name + " is missing from its jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** htmx from its webjar, at the version the build names in ui.properties. */
    private static byte[] htmx() {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = WebPages.class.getResourceAsStream("/io/mlflowlite/ui/ui.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("The UI's ui.properties is missing from its jar", e);
        }
        return resource("/META-INF/resources/webjars/htmx.org/" + p.getProperty("htmx.version") + "/dist/htmx.min.js");
    }

    @Override
    public void close() {
        stores.close();
    }
}
