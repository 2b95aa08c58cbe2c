package dev.switchboard.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The bench's result: a row per phase, system and tier, and the ratios of Switchboard to the bare relay over the
 * constant-rate phase. Rendered as a compact table whose last line is one JSON object (prefixed {@code BENCH }).
 */
public record BenchReport(String run, Map<String, Object> setup, List<BenchRow> rows) {
    public static final String PHASE_RATE = "rate";
    public static final String PHASE_FLOOD = "flood";
    public static final String PHASE_PROBES = "probes";
    public static final String ALL_TIERS = "all";
    public static final String JSON_PREFIX = "BENCH ";
    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchReport {
        setup = Map.copyOf(setup);
        rows = List.copyOf(rows);
    }

    /** Every request of every row got exactly one answer. */
    public boolean exactlyOnce() {
        return rows.stream().allMatch(BenchRow::exactlyOnce);
    }

    public Optional<BenchRow> row(String phase, String system, String tier) {
        return rows.stream().filter(r -> r.phase().equals(phase) && r.system().equals(system) && r.tier().equals(tier)).findFirst();
    }

    /** Switchboard's answers/s over the relay's, in the constant-rate phase; empty without a relay run. */
    public Optional<Double> answersPerSecondRatio() {
        return ratio(BenchRow::answersPerSecond);
    }

    /** Switchboard's end-to-end p50 over the relay's, in the constant-rate phase. */
    public Optional<Double> endToEndP50Ratio() {
        return ratio(r -> r.endToEnd().p50());
    }

    private Optional<Double> ratio(ToDoubleFunction<BenchRow> figure) {
        Optional<BenchRow> switchboard = row(PHASE_RATE, SwitchboardTarget.NAME, ALL_TIERS);
        Optional<BenchRow> relay = row(PHASE_RATE, RelayTarget.NAME, ALL_TIERS);
        if (switchboard.isEmpty() || relay.isEmpty() || figure.applyAsDouble(relay.get()) == 0) {
            return Optional.empty();
        }
        return Optional.of(figure.applyAsDouble(switchboard.get()) / figure.applyAsDouble(relay.get()));
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nswitchboard bench, run %s: %s%n", run, setup.entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        out.append(String.format(Locale.ROOT, "%-6s %-11s %-11s %6s %6s %5s %4s %8s  %-22s %-22s %s%n", "phase", "system", "tier", "sent",
                "answrd", "miss", "dup", "answ/s", "queue p50/p99/max ms", "e2e p50/p99/max ms", "status"));
        for (BenchRow r : rows) {
            out.append(String.format(Locale.ROOT, "%-6s %-11s %-11s %6d %6d %5d %4d %8.1f  %-22s %-22s %s%n", r.phase(), r.system(), r.tier(),
                    r.sent(), r.answered(), r.missing(), r.duplicates(), r.answersPerSecond(), triple(r.queue()), triple(r.endToEnd()),
                    r.statuses().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        }
        answersPerSecondRatio().ifPresent(ratio -> out.append(String.format(Locale.ROOT,
                "ratios switchboard/relay (rate phase): answers/s %.2f, e2e p50 %.2f%n", ratio, endToEndP50Ratio().orElse(Double.NaN))));
        out.append(exactlyOnce() ? "every request got exactly one answer\n" : "NOT every request got exactly one answer: see missing / dup\n");
        out.append(JSON_PREFIX).append(json()).append('\n');
        return out.toString();
    }

    private static String triple(LatencySummary latency) {
        return String.format(Locale.ROOT, "%.0f/%.0f/%.0f", latency.p50(), latency.p99(), latency.max());
    }

    /** The machine-readable form: one line of JSON. */
    public String json() {
        ObjectNode root = JSON.createObjectNode().put("run", run);
        ObjectNode setupNode = root.putObject("setup");
        setup.forEach((key, value) -> setupNode.putPOJO(key, value));
        ArrayNode rowsNode = root.putArray("rows");
        for (BenchRow r : rows) {
            ObjectNode row = rowsNode.addObject().put("phase", r.phase()).put("system", r.system()).put("tier", r.tier()).put("sent", r.sent())
                    .put("answered", r.answered()).put("missing", r.missing()).put("duplicates", r.duplicates())
                    .put("answers_per_s", round(r.answersPerSecond()))
                    .put("queue_p50_ms", r.queue().p50()).put("queue_p99_ms", r.queue().p99()).put("queue_max_ms", r.queue().max())
                    .put("e2e_p50_ms", round(r.endToEnd().p50())).put("e2e_p99_ms", round(r.endToEnd().p99())).put("e2e_max_ms", round(r.endToEnd().max()));
            ObjectNode statuses = row.putObject("statuses");
            r.statuses().forEach(statuses::put);
        }
        ObjectNode ratios = root.putObject("ratios");
        answersPerSecondRatio().ifPresent(v -> ratios.put("answers_per_s", round(v)));
        endToEndP50Ratio().ifPresent(v -> ratios.put("e2e_p50", round(v)));
        root.put("exactly_once", exactlyOnce());
        return root.toString();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
