package dev.switchboard.cost.answers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.AnswerStats;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.TierLatency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * A tenant's answers on a row of buckets: per bucket the answers by status, and over the whole row the answers by
 * status and code and, per tier, p50 and p99 of queue and end-to-end latency from the merged histograms (the upper
 * bound of the bucket holding the percentile; null when there were none, or when it lies above an hour).
 */
public final class AnswerJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnswerJson() {
    }

    public static ObjectNode series(String tenant, String size, List<Instant> starts, Instant end, List<AnswerWindow> windows) {
        List<AnswerStats> row = new ArrayList<>();
        starts.forEach(start -> row.add(AnswerSum.empty(size)));
        AnswerStats total = AnswerSum.empty(size);
        for (AnswerWindow window : windows) {
            int index = starts.indexOf(window.start());
            if (index >= 0) {
                row.set(index, AnswerSum.merge(row.get(index), window.stats()));
                total = AnswerSum.merge(total, window.stats());
            }
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("tenant", tenant);
        node.put("size", size);
        node.put("from", starts.get(0).toString());
        node.put("to", end.toString());
        ArrayNode buckets = node.putArray("buckets");
        starts.forEach(start -> buckets.add(start.toString()));
        counts(node, "answers", row, AnswerStats::getAnswers);
        counts(node, "ok", row, AnswerStats::getOk);
        counts(node, "rejected", row, AnswerStats::getRejected);
        counts(node, "failed", row, AnswerStats::getFailed);
        counts(node, "expired", row, AnswerStats::getExpired);
        counts(node, "cache_answers", row, AnswerStats::getCacheAnswers);
        ObjectNode sum = node.putObject("total");
        sum.put("answers", total.getAnswers());
        sum.put("ok", total.getOk());
        sum.put("rejected", total.getRejected());
        sum.put("failed", total.getFailed());
        sum.put("expired", total.getExpired());
        sum.put("cache_answers", total.getCacheAnswers());
        ObjectNode codes = sum.putObject("by_code");
        new TreeMap<>(total.getByCode()).forEach(codes::put);
        ArrayNode latency = node.putArray("latency");
        for (Map.Entry<String, TierLatency> tier : inTierOrder(total.getLatency())) {
            ObjectNode item = latency.addObject();
            item.put("tier", tier.getKey());
            percentiles(item.putObject("queue_ms"), LatencyHistogram.of(tier.getValue().getQueueMs()));
            percentiles(item.putObject("total_ms"), LatencyHistogram.of(tier.getValue().getTotalMs()));
        }
        return node;
    }

    private static void percentiles(ObjectNode node, LatencyHistogram histogram) {
        node.put("count", histogram.count());
        node.put("p50", bounded(histogram.percentile(50)));
        node.put("p99", bounded(histogram.percentile(99)));
    }

    private static Long bounded(Long millis) {
        return millis == null || millis == Long.MAX_VALUE ? null : millis;
    }

    private static void counts(ObjectNode node, String field, List<AnswerStats> row, ToLongFunction<AnswerStats> value) {
        ArrayNode array = node.putArray(field);
        row.forEach(stats -> array.add(value.applyAsLong(stats)));
    }

    /** interactive, standard, batch, then any other tier name. */
    private static List<Map.Entry<String, TierLatency>> inTierOrder(Map<String, TierLatency> byTier) {
        List<String> order = Arrays.stream(Tier.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
        List<Map.Entry<String, TierLatency>> entries = new ArrayList<>(new TreeMap<>(byTier).entrySet());
        entries.sort((a, b) -> Integer.compare(rank(order, a.getKey()), rank(order, b.getKey())));
        return entries;
    }

    private static int rank(List<String> order, String tier) {
        int at = order.indexOf(tier);
        return at < 0 ? order.size() : at;
    }
}
