package dev.switchboard.cost;

import dev.switchboard.cost.bound.CacheBoundJson;
import dev.switchboard.cost.bound.CacheBoundView;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cost.answers.AnswerJson;
import dev.switchboard.cost.answers.AnswerWindows;
import dev.switchboard.cost.budget.SpendView;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetPeriods;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.WindowedCost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query API's answers, one method per endpoint, free of HTTP: parameters arrive parsed from the URL, a bad one
 * is an {@link IllegalArgumentException} (a 400). "Now" comes from the injected clock.
 */
final class CostApi {
    static final String DEFAULT_SIZE = "1m";
    static final String DEFAULT_SERIES_SIZE = "1h";
    static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);

    private final CostWindows windows;
    private final SpendView spend;
    private final AnswerWindows answers;
    private final CacheBoundView bounds;
    private final Clock clock;

    CostApi(CostWindows windows, SpendView spend, Clock clock) {
        this(windows, spend, AnswerWindows.NONE, clock);
    }

    CostApi(CostWindows windows, SpendView spend, AnswerWindows answers, Clock clock) {
        this(windows, spend, answers, CacheBoundView.NONE, clock);
    }

    CostApi(CostWindows windows, SpendView spend, AnswerWindows answers, CacheBoundView bounds, Clock clock) {
        this.windows = windows;
        this.spend = spend;
        this.answers = answers;
        this.bounds = bounds;
        this.clock = clock;
    }

    /** The tenant's semantic-cache error bound: cut, verifications, false hits ({@code llm.cache-bounds}). */
    JsonNode cacheBound(String tenant) {
        return CacheBoundJson.of(bounds.of(tenant));
    }

    /** Tenants with windows still in the stores. */
    JsonNode tenants() {
        Instant now = clock.instant();
        return CostJson.strings(windows.tenants(now.minus(windows.config().retention(windows.config().largestSize())), now));
    }

    /** The configured window sizes ("1m", "1h", "1d"). */
    JsonNode sizes() {
        return CostJson.strings(windows.config().labels());
    }

    JsonNode windows(String tenant, Map<String, String> query) {
        Instant[] range = range(query);
        CostDimension by = query.containsKey("by") ? CostDimension.parse(query.get("by")) : CostDimension.TENANT;
        return CostJson.windows(windows.windows(tenant, query.getOrDefault("size", DEFAULT_SIZE), by, range[0], range[1]));
    }

    JsonNode total(String tenant, Map<String, String> query) {
        Instant[] range = range(query);
        return CostJson.total(windows.total(tenant, query.getOrDefault("size", DEFAULT_SIZE), range[0], range[1]));
    }

    /** One tenant's windows split by {@code by} (default tenant) on a row of buckets. */
    JsonNode series(String tenant, Map<String, String> query) {
        Buckets buckets = buckets(query);
        CostDimension by = CostDimension.parse(query.getOrDefault("by", CostDimension.TENANT.label()));
        List<WindowedCost> found = windows.windows(tenant, buckets.size(), by, buckets.first(), buckets.last());
        return CostJson.series(tenant, by, buckets, CostSeries.of(found, by, buckets));
    }

    /** Every tenant's series on a row of buckets, for the all-tenants chart. */
    JsonNode allTenants(Map<String, String> query) {
        return allTenants(query, tenant -> true);
    }

    /** The series of every tenant {@code readable} lets through (a tenant's key: its own). */
    JsonNode allTenants(Map<String, String> query, java.util.function.Predicate<String> readable) {
        Buckets buckets = buckets(query);
        List<WindowedCost> found = new ArrayList<>();
        for (String tenant : windows.tenants(buckets.first(), buckets.last()).stream().filter(readable).toList()) {
            found.addAll(windows.windows(tenant, buckets.size(), CostDimension.TENANT, buckets.first(), buckets.last()));
        }
        return CostJson.series(null, CostDimension.TENANT, buckets, CostSeries.of(found, CostDimension.TENANT, buckets));
    }

    /** A tenant's totals over a row of buckets: cost, calls, savings, cache hit rate. */
    JsonNode summary(String tenant, Map<String, String> query) {
        Buckets buckets = buckets(query);
        List<WindowedCost> found = windows.windows(tenant, buckets.size(), CostDimension.TENANT, buckets.first(), buckets.last());
        return CostJson.summary(CostSeries.total(tenant, found, buckets));
    }

    /** A tenant's answers on a row of buckets: by status and code, latency percentiles by tier. */
    JsonNode answers(String tenant, Map<String, String> query) {
        Buckets buckets = buckets(query);
        return AnswerJson.series(tenant, buckets.size(), buckets.starts(), buckets.end(),
                answers.windows(tenant, buckets.size(), buckets.first(), buckets.last()));
    }

    JsonNode budgets(String tenant, Map<String, String> query) {
        return CostJson.budgets(spend.budgets(tenant, instant(query, "at", clock.instant())));
    }

    /** Every scope's spend in the day and the month that contain {@code at} (default now). */
    JsonNode spend(String tenant, Map<String, String> query) {
        Instant at = instant(query, "at", clock.instant());
        List<SpendUpdate> rows = new ArrayList<>();
        for (BudgetPeriod period : BudgetPeriod.values()) {
            rows.addAll(spend.spend(tenant, period, BudgetPeriods.start(period, at)));
        }
        return CostJson.spend(rows);
    }

    /** {@code size} (default 1h), {@code buckets} (default by size) and {@code to} (default now). */
    private Buckets buckets(Map<String, String> query) {
        CostConfig config = windows.config();
        String size = query.getOrDefault("size",
                config.labels().contains(DEFAULT_SERIES_SIZE) ? DEFAULT_SERIES_SIZE : config.labels().get(0));
        Duration length = config.sizeOf(size);
        int count = query.containsKey("buckets") ? integer(query, "buckets") : Buckets.defaultCount(length);
        return Buckets.ending(size, length, instant(query, "to", clock.instant()), count);
    }

    private static int integer(Map<String, String> query, String name) {
        try {
            return Integer.parseInt(query.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + query.get(name) + "'");
        }
    }

    private static Instant instant(Map<String, String> query, String name, Instant fallback) {
        return QueryTime.parse(name, query.get(name), fallback);
    }

    /** {@code from} (default a day before {@code to}) and {@code to} (default now), in order and in range. */
    private Instant[] range(Map<String, String> query) {
        Instant to = instant(query, "to", clock.instant());
        Instant from = instant(query, "from", to.minus(DEFAULT_LOOKBACK).isBefore(QueryTime.MIN) ? QueryTime.MIN : to.minus(DEFAULT_LOOKBACK));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        return new Instant[] {from, to};
    }
}
