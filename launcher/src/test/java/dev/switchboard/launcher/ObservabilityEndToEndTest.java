package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);
    /** Counters registered on their first event (a retry, a fallback); the demo's healthy run has none. */
    private static final Set<String> RECORDED_ON_FIRST_EVENT = Set.of("switchboard_provider_retries_total", "switchboard_worker_fallbacks_total");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SwitchboardSystem system;
    private static DemoReport report;

    @TempDir
    Path profile;

    @BeforeAll
    static void runTheDemoWorkload() {
        var config = PipelineContract.fastDefaults().withPorts(0, 0, 0, 0);
        system = SwitchboardSystem.start(config, EnumSet.allOf(Component.class));
        report = new DemoRunner(config, 60, 5, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .publishAndCollect(system, Instant.now());
        assertThat(report.complete()).as("every demo request answered and counted").isTrue();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void shouldShowTheAggregatorsFiguresInTheDashboardInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium package is not installed; .ci/run installs it when it runs as root");
        String tenant = DemoGovernance.BUDGET_TENANT;
        URI base = system.cost().orElseThrow().queryUri();
        URI page = base.resolve("/dashboard?tenant=" + tenant + "&size=1h");
        JsonNode summary = get(base.resolve("/api/tenants/" + tenant + "/summary?size=1h"));
        JsonNode budgets = get(base.resolve("/api/tenants/" + tenant + "/budgets"));

        String dom = chromium("--dump-dom", page.toString());

        assertThat(dom).as("the page loaded every API answer").contains("data-state=\"ready\"").contains("data-tenant=\"" + tenant + "\"");
        assertThat(summary.get("cost").asText()).as("the tenant spent something in the demo").isNotEqualTo("0");
        assertThat(dom).contains("id=\"total-cost\">" + summary.get("cost").asText() + "<")
                .contains("id=\"routing-saved\">" + summary.get("routing_saved").asText() + "<")
                .contains("id=\"cache-saved\">" + summary.get("cache_saved").asText() + "<")
                .contains("id=\"cache-hits\">" + summary.get("cache_hits").asText() + "<");
        for (String each : report.costByTenant().keySet()) {
            assertThat(dom).as("the all-tenants chart's legend").contains("data-series=\"" + each + "\"");
        }
        for (String model : modelsAnsweredFor(tenant)) {
            assertThat(dom).as("the model chart's legend").contains("data-series=\"" + model + "\"");
        }
        assertThat(dom).as("the per-team chart").contains("data-series=\"" + DemoGovernance.BUDGET_TEAM + "\"");
        assertThat(budgets.size()).isPositive();
        for (JsonNode budget : budgets) {
            String percent = budget.get("hard_percent").isNull() ? "" : budget.get("hard_percent").asText();
            assertThat(dom).as("a budget row with its use").contains("data-scope=\"" + budget.get("scope").asText() + "\"")
                    .contains("data-hard-percent=\"" + percent + "\"");
        }

        chromium("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1400,1800", page.toString());
        assertThat(SCREENSHOT).as("the screenshot").isRegularFile();
        assertThat(Files.size(SCREENSHOT)).as("a real picture, not an empty file").isGreaterThan(20_000);
        System.out.println("dashboard screenshot: " + SCREENSHOT.toAbsolutePath());
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

    private static JsonNode get(URI uri) throws IOException, InterruptedException {
        return JSON.readTree(body(uri));
    }

    private static String body(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri + " answered " + response.body()).isEqualTo(200);
        return response.body();
    }
}
