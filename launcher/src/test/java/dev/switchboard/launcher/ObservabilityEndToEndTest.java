package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cost.MoneyFormat;
import dev.switchboard.launcher.demo.DemoGovernance;
import dev.switchboard.launcher.demo.DemoReport;
import dev.switchboard.launcher.demo.DemoRunner;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.ResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a platform team looks at, against a running system after the demo's workload: the cost dashboard, loaded in
 * headless Chromium, shows the aggregator's figures; and every metric the Grafana dashboard queries is on /metrics.
 */
class ObservabilityEndToEndTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path GRAFANA_DASHBOARD = Path.of("..", "ops", "grafana", "dashboards", "switchboard.json");
    private static final Path SCREENSHOTS = Path.of("target");
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration ANSWERS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /** Counters registered on their first event (a retry, a fallback); the demo's healthy run has none. */
    private static final Set<String> RECORDED_ON_FIRST_EVENT = Set.of("switchboard_provider_retries_total", "switchboard_worker_fallbacks_total");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SwitchboardSystem system;
    private static DemoReport report;
    private static DemoRunner demo;
    private static String adminKey;

    @TempDir
    Path profile;

    @BeforeAll
    static void runTheDemoWorkload() {
        // Governed reads: the API wants the admin key or a tenant's key, and the page gets the admin key in its fragment.
        var config = PipelineContract.fastDefaults().withPorts(0, 0, 0, 0);
        config = config.withGovernance(config.governance().withSecureReads(true, null));
        system = SwitchboardSystem.start(config, EnumSet.allOf(Component.class));
        adminKey = system.adminKey().orElseThrow().key();
        demo = new DemoRunner(config, 60, 5, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        report = demo.publishAndCollect(system, Instant.now());
        assertThat(report.complete()).as("every demo request answered and counted").isTrue();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void shouldServeEachKeyItsOwnTenantOnly() throws Exception {
        URI base = system.cost().orElseThrow().queryUri();
        String tenant = DemoGovernance.BUDGET_TENANT;
        String otherTenantsKey = demo.governance().keyOf("acme", "search");
        String teamKey = demo.governance().keyOf(tenant, DemoGovernance.BUDGET_TEAM);

        assertThat(send(base.resolve("/api/tenants/" + tenant + "/budgets"), null).statusCode()).as("no key").isEqualTo(401);
        for (String what : List.of("windows", "budgets", "spend", "summary", "answers")) {
            HttpResponse<String> theirs = send(base.resolve("/api/tenants/" + tenant + "/" + what), otherTenantsKey);
            assertThat(theirs.statusCode()).as("acme's key on " + tenant + "'s " + what).isEqualTo(403);
            assertThat(theirs.body()).doesNotContain(otherTenantsKey);
        }
        assertThat(send(base.resolve("/api/tenants/acme/windows?by=team"), otherTenantsKey).statusCode()).as("its own team's windows")
                .isEqualTo(200);
        assertThat(get(base.resolve("/api/tenants/" + tenant + "/budgets"))).as("the admin reads every tenant").isNotEmpty();
        JsonNode teamBudgets = JSON.readTree(send(base.resolve("/api/tenants/" + tenant + "/budgets"), teamKey).body());
        assertThat(teamBudgets).as(tenant + "/" + DemoGovernance.BUDGET_TEAM + "'s key sees its team's budget only").isNotEmpty()
                .allSatisfy(b -> assertThat(b.get("scope_id").asText()).isEqualTo(DemoGovernance.BUDGET_TEAM));
        assertThat(JSON.readTree(send(base.resolve("/api/tenants"), otherTenantsKey).body())).extracting(JsonNode::asText).containsExactly("acme");
    }

    @Test
    void shouldShowTheAggregatorsFiguresInTheDashboardInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium package is not installed; .ci/run installs it when it runs as root");
        String tenant = DemoGovernance.BUDGET_TENANT;
        URI base = system.cost().orElseThrow().queryUri();
        // Minute buckets: the size whose all-tenants chart used to come back empty.
        URI page = base.resolve("/dashboard?tenant=" + tenant + "&size=1m#key=" + adminKey);
        String api = "/api/tenants/" + tenant + "/";
        JsonNode answers = awaitAnswersCounted(base.resolve(api + "answers?size=1m"), answersFor(tenant));
        JsonNode summary = get(base.resolve(api + "summary?size=1m"));
        JsonNode everyTenant = get(base.resolve("/api/series?size=1m"));
        JsonNode budgets = get(base.resolve(api + "budgets"));

        String dom = chromium("--dump-dom", page.toString());

        assertThat(dom).as("the page loaded every API answer").contains("data-state=\"ready\"").contains("data-tenant=\"" + tenant + "\"");
        assertThat(summary.get("cost").asText()).as("the tenant spent something in the demo").isNotEqualTo("0.000000000000");
        // Tiles and savings: money for people, the exact decimal on hover.
        for (String[] tile : new String[][] {{"total-cost", "cost"}, {"baseline-cost", "baseline_cost"}, {"saved", "saved"},
                {"routing-saved", "routing_saved"}, {"baseline-saved", "baseline_saved"}, {"cache-saved", "cache_saved"},
                {"batch-saved", "batch_saved"}}) {
            String exact = summary.get(tile[1]).asText();
            assertThat(element(dom, tile[0])).as(tile[0]).contains("title=\"" + exact + " USD\"").endsWith(">" + MoneyFormat.usd(exact));
        }
        assertThat(element(dom, "total-calls")).endsWith(">" + count(summary.get("calls").asLong()));
        assertThat(element(dom, "cache-hits")).endsWith(">" + count(summary.get("cache_hits").asLong()));
        assertThat(element(dom, "cache-hit-rate")).endsWith(">" + summary.get("cache_hit_percent").asText() + " %");
        // Requests: every demo request of the tenant has its one answer, and some were refused.
        JsonNode total = answers.get("total");
        assertThat(total.get("answers").asLong()).as("answers counted for " + tenant + " (a replayed duplicate counts again)")
                .isGreaterThanOrEqualTo(answersFor(tenant));
        assertThat(total.get("rejected").asLong()).as("the budget burst was partly refused").isPositive();
        assertThat(element(dom, "requests")).contains("data-count=\"" + total.get("answers").asLong() + "\"");
        assertThat(element(dom, "requests-ok")).contains("data-count=\"" + total.get("ok").asLong() + "\"");
        assertThat(element(dom, "requests-cached")).contains("data-count=\"" + total.get("cache_answers").asLong() + "\"");
        assertThat(element(dom, "not-ok")).contains("data-count=\""
                + (total.get("rejected").asLong() + total.get("failed").asLong() + total.get("expired").asLong()) + "\"");
        for (String status : List.of("ok", "rejected", "failed", "expired")) {
            assertThat(dom).as("the requests chart's legend").contains("data-series=\"" + status.toUpperCase(Locale.ROOT)
                    + "\" data-total=\"" + total.get(status).asLong() + "\"");
        }
        assertBarsAndCounts(dom, "chart-requests", answers.get("buckets"), "OK", answers.get("ok"), answers.get("answers"));
        total.get("by_code").fields().forEachRemaining(code -> assertThat(dom).as("a row per reason")
                .contains("data-code=\"" + code.getKey() + "\" data-count=\"" + code.getValue().asLong() + "\""));
        // Latency by tier.
        assertThat(answers.get("latency").size()).as("tiers with answers").isPositive();
        for (JsonNode tier : answers.get("latency")) {
            String row = between(dom, "data-tier=\"" + tier.get("tier").asText() + "\"", "</tr>");
            for (String[] cell : new String[][] {{"queue-p50", "queue_ms", "p50"}, {"queue-p99", "queue_ms", "p99"},
                    {"total-p50", "total_ms", "p50"}, {"total-p99", "total_ms", "p99"}}) {
                JsonNode ms = tier.get(cell[1]).get(cell[2]);
                assertThat(row).as(tier.get("tier") + " " + cell[0]).contains("class=\"num " + cell[0] + "\" data-ms=\"" + (ms.isNull() ? "" : ms.asText()) + "\"");
            }
        }
        // Spend over time, every tenant, in minute buckets: each tenant, each bar at its bucket with its exact value.
        assertThat(everyTenant.get("series")).as("the all-tenants series in minute buckets").isNotEmpty();
        for (String each : report.costByTenant().keySet()) {
            assertThat(dom).as("the all-tenants chart's legend").contains("data-series=\"" + each + "\"");
        }
        for (JsonNode series : everyTenant.get("series")) {
            assertThat(dom).contains("data-series=\"" + series.get("name").asText() + "\" data-total=\"" + series.get("total").get("cost").asText() + "\"");
            assertBarsAndCounts(dom, "chart-tenants", everyTenant.get("buckets"), series.get("name").asText(), series.get("cost"), null);
        }
        assertAxisFitsTheData(dom, "chart-tenants");
        assertAxisFitsTheData(dom, "chart-requests");
        // Spend by model, feature and team: legends carry each series' exact total.
        for (String by : List.of("model", "feature", "team")) {
            JsonNode split = get(base.resolve(api + "series?size=1m&by=" + by));
            for (JsonNode series : split.get("series")) {
                assertThat(dom).as(by + " legend").contains("data-series=\"" + series.get("name").asText() + "\" data-total=\""
                        + series.get("total").get("cost").asText() + "\"");
            }
        }
        for (String model : modelsAnsweredFor(tenant)) {
            assertThat(dom).as("the model chart's legend").contains("data-series=\"" + model + "\"");
        }
        assertThat(dom).as("the per-team chart").contains("data-series=\"" + DemoGovernance.BUDGET_TEAM + "\"");
        // Budgets: a row per budget with its use, a meter with the alert thresholds marked.
        assertThat(budgets.size()).isPositive();
        for (JsonNode budget : budgets) {
            String percent = budget.get("hard_percent").isNull() ? "" : budget.get("hard_percent").asText();
            assertThat(dom).as("a budget row with its use").contains("data-scope=\"" + budget.get("scope").asText() + "\"")
                    .contains("data-hard-percent=\"" + percent + "\"");
        }
        for (String threshold : List.of("50", "80", "100")) {
            assertThat(dom).as("the alert threshold on the meters").contains("data-threshold=\"" + threshold + "\"");
        }

        for (String[] shot : new String[][] {{"dashboard.png", "1400,1800"}, {"dashboard-1280.png", "1280,1800"}, {"dashboard-phone.png", "390,2400"}}) {
            Path file = SCREENSHOTS.resolve(shot[0]).toAbsolutePath();
            chromium("--screenshot=" + file, "--window-size=" + shot[1], "--hide-scrollbars", page.toString());
            assertThat(file).as("the screenshot").isRegularFile();
            assertThat(Files.size(file)).as("a real picture, not an empty file").isGreaterThan(20_000);
            System.out.println("dashboard screenshot: " + file);
        }
    }

    @Test
    void shouldExposeEveryMetricTheGrafanaDashboardQueries() throws Exception {
        String scrape = body(URI.create("http://127.0.0.1:" + system.metrics().orElseThrow().port() + "/metrics"));
        Set<String> exposed = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (line.find()) {
            exposed.add(line.group(1));
        }
        Set<String> queried = new TreeSet<>();
        Set<String> processorNodes = new TreeSet<>();
        collectQueries(JSON.readTree(GRAFANA_DASHBOARD.toFile()), queried, processorNodes);

        assertThat(queried).as("the dashboard's queries").hasSizeGreaterThan(20).containsAll(RECORDED_ON_FIRST_EVENT);
        queried.removeAll(RECORDED_ON_FIRST_EVENT);
        assertThat(exposed).as("metrics on /metrics after the demo").containsAll(queried);
        for (String node : processorNodes) {
            assertThat(scrape).as("processor node the dashboard filters on").contains("processor_node_id=\"" + node + "\"");
        }
    }

    /** Metric names in every panel's PromQL (Prometheus' own {@code up} aside) and the processor nodes named exactly. */
    private static void collectQueries(JsonNode node, Set<String> metrics, Set<String> processorNodes) {
        if (node.isObject() && node.has("expr")) {
            String expr = node.get("expr").asText();
            Matcher metric = Pattern.compile("\\b((?:switchboard|kafka|jvm)_[a-z0-9_]+)\\b").matcher(expr);
            while (metric.find()) {
                metrics.add(metric.group(1));
            }
            Matcher processor = Pattern.compile("processor_node_id=\"([^\"]+)\"").matcher(expr);
            while (processor.find()) {
                processorNodes.add(processor.group(1));
            }
        }
        node.forEach(child -> collectQueries(child, metrics, processorNodes));
    }

    /** The opening tag and text of the element with that id: {@code <p class="figure" id="x" title="...">$0.0071}. */
    private static String element(String dom, String id) {
        int at = dom.indexOf("id=\"" + id + "\"");
        assertThat(at).as("element #" + id + " in the page").isNotNegative();
        int open = dom.lastIndexOf('<', at);
        return dom.substring(open, dom.indexOf('<', at));
    }

    private static String between(String dom, String from, String to) {
        int at = dom.indexOf(from);
        assertThat(at).as(from + " in the page").isNotNegative();
        return dom.substring(at, dom.indexOf(to, at));
    }

    /** Every non-zero bucket of a series is a bar at that bucket with its exact value, and its count is written above it. */
    private static void assertBarsAndCounts(String dom, String chart, JsonNode buckets, String series, JsonNode values, JsonNode counts) {
        String svg = between(dom, "id=\"" + chart + "\"", "</svg>");
        for (int i = 0; i < buckets.size(); i++) {
            String bucket = buckets.get(i).asText();
            String value = values.get(i).asText();
            if (!value.matches("0(\\.0+)?")) {
                assertThat(svg).as(chart + " bar of " + series + " at " + bucket)
                        .contains("data-series=\"" + series + "\" data-bucket=\"" + bucket + "\" data-value=\"" + value + "\"");
            }
            if (counts != null && counts.get(i).asLong() > 0) {
                assertThat(svg).as(chart + " count above " + bucket).contains("data-bucket=\"" + bucket + "\" data-count=\"" + counts.get(i).asLong() + "\"");
            }
        }
    }

    /** The y axis starts at zero and ends on a nice step above the tallest stack, not at a fixed 1.00. */
    private static void assertAxisFitsTheData(String dom, String chart) {
        String svg = between(dom, "id=\"" + chart + "\"", "</svg>");
        double axisMax = Double.parseDouble(attribute(svg, "data-axis-max"));
        double dataMax = Double.parseDouble(attribute(svg, "data-data-max"));
        assertThat(dataMax).as(chart + " has data").isPositive();
        assertThat(axisMax).as(chart + " axis over data max " + dataMax).isGreaterThanOrEqualTo(dataMax).isLessThanOrEqualTo(2 * dataMax);
    }

    private static String attribute(String tag, String name) {
        Matcher value = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        assertThat(value.find()).as(name + " in " + tag).isTrue();
        return value.group(1);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** The answer windows count what the workers and the router wrote; the demo's report waits on usage, not on them. */
    private static JsonNode awaitAnswersCounted(URI uri, long expected) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(ANSWERS_TIMEOUT);
        JsonNode answers = get(uri);
        while (answers.get("total").get("answers").asLong() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(POLL_INTERVAL.toMillis()); // a poll interval: the condition is checked again right after
            answers = get(uri);
        }
        return answers;
    }

    /** Requests of the tenant the demo sent, each with its first answer. */
    private static long answersFor(String tenant) {
        return report.firstAnswers().stream().filter(r -> r.getTenant().equals(tenant)).count();
    }

    private static Set<String> modelsAnsweredFor(String tenant) {
        Set<String> models = new TreeSet<>();
        report.firstAnswers().stream()
                .filter(r -> r.getTenant().equals(tenant) && r.getCache().getOutcome() == CacheOutcome.MISS
                        && r.getStatus() == ResponseStatus.OK)
                .forEach(r -> models.add(r.getModel()));
        assertThat(models).as("models that answered " + tenant).isNotEmpty();
        return models;
    }

    /** Runs headless Chromium on the page; returns its standard output (the DOM for --dump-dom). */
    private String chromium(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(), "--virtual-time-budget=10000"));
        command.addAll(List.of(arguments));
        Path out = profile.resolve("stdout.html");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(profile.resolve("stderr.log").toFile()).start();
        if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + BROWSER_TIMEOUT);
        }
        assertThat(process.exitValue()).as("chromium exit code; its log: " + Files.readString(profile.resolve("stderr.log"))).isZero();
        return Files.readString(out);
    }

    private static HttpResponse<String> send(URI uri, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(URI uri) throws IOException, InterruptedException {
        return JSON.readTree(body(uri));
    }

    private static String body(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = send(uri, adminKey);
        assertThat(response.statusCode()).as(uri + " answered " + response.body()).isEqualTo(200);
        return response.body();
    }
}
