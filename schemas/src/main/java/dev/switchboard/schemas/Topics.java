package dev.switchboard.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Topic names shared by every component. Route topics are derived from a model's catalog id and a tier. */
public final class Topics {
    public static final String REQUESTS = "llm.requests";
    public static final String RESPONSES = "llm.responses";
    public static final String USAGE = "llm.usage";
    public static final String CACHE_FILL = "llm.cache-fill";
    public static final String CACHE_CONTROL = "llm.cache-control";
    public static final String SPEND = "llm.spend";
    public static final String ALERTS = "llm.alerts";
    public static final String DLQ = "llm.dlq";
    /** Compacted: issued virtual keys by SHA-256. */
    public static final String KEYS = "llm.keys";
    /** Compacted: each tenant's governance policy (budgets, rate limits, token caps). */
    public static final String POLICIES = "llm.policies";
    public static final String BATCH_JOBS = "llm.batch-jobs";
    public static final String COST_BY_TENANT = "llm.cost.tenant";
    public static final String COST_BY_TENANT_MODEL = "llm.cost.tenant-model";
    public static final String ROUTE_PREFIX = "llm.route.";
    /** Reply topics ({@code reply_to}) named with this prefix are read by the cost aggregator's answer windows. */
    public static final String REPLIES_PREFIX = "llm.replies.";

    private static final Pattern UNSAFE = Pattern.compile("[^a-zA-Z0-9._-]");

    private Topics() {
    }

    /** {@code llm.route.<model>.<tier>} with the model id made topic-safe ("openai/gpt-4o" becomes "openai-gpt-4o"). */
    public static String route(String modelId, Tier tier) {
        return ROUTE_PREFIX + topicSafe(modelId) + "." + tier.name().toLowerCase(Locale.ROOT);
    }

    /** Every route topic of the given models: one per model and tier. */
    public static List<String> routes(List<String> modelIds) {
        List<String> topics = new ArrayList<>();
        for (String model : modelIds) {
            for (Tier tier : Tier.values()) {
                topics.add(route(model, tier));
            }
        }
        return topics;
    }

    public static String topicSafe(String modelId) {
        return UNSAFE.matcher(modelId).replaceAll("-");
    }
}
