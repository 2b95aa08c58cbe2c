package dev.switchboard.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Topic names shared by every component. Route topics are derived from a model's catalog id and a tier. */
public final class Topics {
    /** Requests of any tier: the router's triage sends each on to its tier's topic. */
    public static final String REQUESTS = "llm.requests";
    /** {@code llm.requests.<tier>}: one router lane per tier reads it. Public: front doors may produce here directly. */
    public static final String TIER_REQUESTS_PREFIX = "llm.requests.";
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

    /** A caller's own reply topic of the {@link #REPLIES_PREFIX} family (the only {@code llm.*} names a caller may own). */
    public static boolean inReplyFamily(String topic) {
        return topic.startsWith(REPLIES_PREFIX) && topic.length() > REPLIES_PREFIX.length();
    }
    /** Internal, keyed by tenant: router lanes ask the tenant's budget ledger for leases and give back what they did not use. */
    public static final String BUDGET_LEASES = "llm.budget-leases";
    /** Internal, keyed by tenant: the ledger's grants and denials, read by every lane (each takes its own). */
    public static final String BUDGET_GRANTS = "llm.budget-grants";
    /**
     * Internal, keyed by tenant, request id and attempt: the worker's mark that a routed record's output is committed,
     * written in the same transaction as that output, so a redelivered record is not called and answered again.
     */
    public static final String WORKER_WRITTEN = "llm.worker-written";

    /** Internal, keyed by tenant: each lane's semantic candidates and compared answers, read by the tenant's cache-bound controller. */
    public static final String CACHE_VERDICTS = "llm.cache-verdicts";
    /** Compacted, keyed by tenant: the cut and verified error the cache-bound controller publishes, read by every lane and the dashboard. */
    public static final String CACHE_BOUNDS = "llm.cache-bounds";
    /** Where the answers of verification calls go (the caller already has the cached one): nobody has to read it. */
    public static final String CACHE_VERIFY_REPLIES = "llm.cache-verify-replies";

    private static final Pattern UNSAFE = Pattern.compile("[^a-zA-Z0-9._-]");

    private Topics() {
    }

    /** {@code llm.requests.<tier>}: the requests of one tier, read by that tier's router lane. */
    public static String requests(Tier tier) {
        return TIER_REQUESTS_PREFIX + tier.name().toLowerCase(Locale.ROOT);
    }

    /** Every topic the router reads requests from: {@link #REQUESTS} and one per tier (co-partitioned with each other). */
    public static List<String> allRequests() {
        List<String> topics = new ArrayList<>(List.of(REQUESTS));
        for (Tier tier : Tier.values()) {
            topics.add(requests(tier));
        }
        return topics;
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
