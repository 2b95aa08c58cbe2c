package dev.switchboard.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cost.budget.BudgetUse;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.WindowedCost;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * JSON for the query API. Money goes out as strings ("0.000123000000"): a JSON number would be a double to most
 * readers. Percentages are strings too ("62.50"), for the same reason.
 */
final class CostJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private CostJson() {
    }

    static ArrayNode windows(List<WindowedCost> windows) {
        ArrayNode array = MAPPER.createArrayNode();
        windows.forEach(w -> array.add(window(w)));
        return array;
    }

    static ObjectNode window(WindowedCost w) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("tenant", w.getTenant());
        putIfSet(node, "model", w.getModel());
        putIfSet(node, "team", w.getTeam());
        putIfSet(node, "feature", w.getFeature());
        node.put("window", w.getWindow());
        node.put("window_start", w.getWindowStart().toString());
        node.put("window_end", w.getWindowEnd().toString());
        node.put("calls", w.getCalls());
        node.put("input_tokens", w.getInputTokens());
        node.put("output_tokens", w.getOutputTokens());
        node.put("cached_input_tokens", w.getCachedInputTokens());
        node.put("cost", w.getCost().toPlainString());
        node.put("baseline_cost", w.getBaselineCost().toPlainString());
        node.put("cache_hits", w.getCacheHits());
        node.put("cost_saved", w.getCostSaved().toPlainString());
        node.put("routing_saved", w.getRoutingSaved().toPlainString());
        node.put("baseline_saved", w.getBaselineSaved().toPlainString());
        node.put("batch_saved", w.getBatchSaved().toPlainString());
        return node;
    }

    static ObjectNode total(CostTotal total) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("tenant", total.tenant());
        node.put("cost", total.cost().toPlainString());
        node.put("calls", total.calls());
        return node;
    }

    /** A tenant's totals over some buckets, with its savings and cache hit rate. */
    static ObjectNode summary(WindowedCost sum) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("tenant", sum.getTenant());
        node.put("size", sum.getWindow());
        node.put("from", sum.getWindowStart().toString());
        node.put("to", sum.getWindowEnd().toString());
        totals(node, sum);
        return node;
    }

    /** Series on a row of buckets: per series its total and, per metric, one value per bucket. */
    static ObjectNode series(String tenant, CostDimension by, Buckets buckets, List<CostSeries> series) {
        ObjectNode node = MAPPER.createObjectNode();
        if (tenant != null) {
            node.put("tenant", tenant);
        }
        node.put("size", buckets.size());
        node.put("by", by.label());
        node.put("from", buckets.first().toString());
        node.put("to", buckets.end().toString());
        ArrayNode starts = node.putArray("buckets");
        buckets.starts().forEach(start -> starts.add(start.toString()));
        ArrayNode list = node.putArray("series");
        for (CostSeries one : series) {
            ObjectNode item = list.addObject();
            item.put("name", one.name());
            totals(item.putObject("total"), one.total());
            money(item, "cost", one.buckets(), WindowedCost::getCost);
            money(item, "routing_saved", one.buckets(), WindowedCost::getRoutingSaved);
            money(item, "cost_saved", one.buckets(), WindowedCost::getCostSaved);
            money(item, "baseline_saved", one.buckets(), WindowedCost::getBaselineSaved);
            money(item, "batch_saved", one.buckets(), WindowedCost::getBatchSaved);
            ArrayNode calls = item.putArray("calls");
            ArrayNode hits = item.putArray("cache_hits");
            one.buckets().forEach(w -> {
                calls.add(w.getCalls());
                hits.add(w.getCacheHits());
            });
        }
        return node;
    }

    static ArrayNode budgets(List<BudgetUse> uses) {
        ArrayNode array = MAPPER.createArrayNode();
        for (BudgetUse use : uses) {
            ObjectNode node = array.addObject();
            node.put("scope", use.scope().name());
            node.put("budget_scope_id", use.budgetScopeId());
            node.put("scope_id", use.scopeId());
            node.put("period", use.period().name());
            node.put("period_start", use.periodStart().toString());
            node.put("hard_limit", plain(use.hardLimit()));
            node.put("soft_limit", plain(use.softLimit()));
            node.put("spent", use.spent().toPlainString());
            node.put("calls", use.calls());
            node.put("hard_percent", plain(use.hardPercent()));
            node.put("soft_percent", plain(use.softPercent()));
        }
        return array;
    }

    static ArrayNode spend(List<SpendUpdate> rows) {
        ArrayNode array = MAPPER.createArrayNode();
        for (SpendUpdate row : rows) {
            ObjectNode node = array.addObject();
            node.put("scope", row.getScope().name());
            node.put("scope_id", row.getScopeId());
            node.put("period", row.getPeriod().name());
            node.put("period_start", row.getPeriodStart().toString());
            node.put("spent", row.getSpent().toPlainString());
            node.put("calls", row.getCalls());
            node.put("updated_at", row.getUpdatedAt().toString());
        }
        return array;
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    private static void totals(ObjectNode node, WindowedCost sum) {
        node.put("calls", sum.getCalls());
        node.put("cache_hits", sum.getCacheHits());
        node.put("cache_hit_percent", plain(CostSum.cacheHitPercent(sum)));
        node.put("input_tokens", sum.getInputTokens());
        node.put("output_tokens", sum.getOutputTokens());
        node.put("cost", sum.getCost().toPlainString());
        node.put("baseline_cost", sum.getBaselineCost().toPlainString());
        node.put("routing_saved", sum.getRoutingSaved().toPlainString());
        node.put("baseline_saved", sum.getBaselineSaved().toPlainString());
        node.put("cache_saved", sum.getCostSaved().toPlainString());
        node.put("batch_saved", sum.getBatchSaved().toPlainString());
        node.put("saved", CostSum.saved(sum).toPlainString());
    }

    private static void money(ObjectNode node, String field, List<WindowedCost> buckets, Function<WindowedCost, BigDecimal> value) {
        ArrayNode array = node.putArray(field);
        buckets.forEach(w -> array.add(value.apply(w).toPlainString()));
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
