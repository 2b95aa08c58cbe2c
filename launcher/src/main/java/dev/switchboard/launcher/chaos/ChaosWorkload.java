package dev.switchboard.launcher.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The steady mixed load of a chaos run, as JSON records for {@code llm.requests}: three tenants, every tier, two
 * models, fresh questions, exact repeats (cache hits or coalesced), paraphrases, and bad records (an unknown model,
 * JSON cut off mid-record) that must be refused with an answer. Every record has its own {@code request_id}, so each
 * must get exactly one answer. Seeded: the same seed gives the same records.
 */
final class ChaosWorkload {
    static final List<String> TENANTS = List.of("acme", "globex", "initech");
    private static final List<String> TIERS = List.of("interactive", "standard", "batch");
    private static final List<String> MODELS = List.of("sim/small", "sim/large");
    private static final List<String> TOPICS = List.of("tumbling windows", "exactly-once delivery", "share groups", "log compaction",
            "consumer lag", "idempotent producers", "partition leaders", "in-sync replicas");

    /** One record: its key (the tenant), bytes, the request id its answer will carry, and what it exercises. */
    record Item(String key, byte[] value, String requestId, String kind) {
    }

    private final Random random;
    private final List<String> asked = new ArrayList<>();
    private int next;

    ChaosWorkload(long seed) {
        this.random = new Random(seed);
    }

    Item next() {
        String id = "chaos-" + (next++);
        String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
        String tier = TIERS.get(random.nextInt(TIERS.size()));
        String model = MODELS.get(random.nextInt(MODELS.size()));
        int roll = random.nextInt(100);
        if (roll < 3) {
            return item(tenant, json(id, tenant, "gpt-99-ultra", tier, "Which model is this?"), id, "bad: unknown model");
        }
        if (roll < 6) {
            String cut = "{\"request_id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"model\":\"sim/sm";
            return new Item(tenant, cut.getBytes(StandardCharsets.UTF_8), id, "bad: cut-off JSON");
        }
        if (roll < 20 && !asked.isEmpty()) {
            return item(tenant, json(id, tenant, model, tier, asked.get(random.nextInt(asked.size()))), id, "repeat");
        }
        if (roll < 30 && !asked.isEmpty()) {
            return item(tenant, json(id, tenant, model, tier, "Put simply, " + asked.get(random.nextInt(asked.size())).toLowerCase()), id,
                    "paraphrase");
        }
        String question = "What should an operator know about " + TOPICS.get(random.nextInt(TOPICS.size())) + " (case " + random.nextInt(1000) + ")?";
        asked.add(question);
        return item(tenant, json(id, tenant, model, tier, question), id, "fresh");
    }

    private static Item item(String tenant, String json, String id, String kind) {
        return new Item(tenant, json.getBytes(StandardCharsets.UTF_8), id, kind);
    }

    private static String json(String id, String tenant, String model, String tier, String content) {
        return "{\"request_id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"model\":\"" + model + "\",\"tier\":\"" + tier
                + "\",\"feature\":\"chaos\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }
}
