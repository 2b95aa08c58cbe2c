package dev.switchboard.launcher.demo;

import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Tier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's sample traffic, deterministic for a seed: a first wave of fresh questions from three tenants
 * to mixed models and tiers, each with its team's virtual key; then a second wave of exact repeats (cache hits),
 * resent request ids (dedup) and bad records and keys (each must come back REJECTED with a reason); then a burst
 * from one team with a small daily budget, all at once.
 */
public final class DemoWorkload {
    /** Ids of the burst of one team's requests that meets its daily budget. */
    public static final String BUDGET_BURST_PREFIX = "demo-budget-";
    static final List<String> TENANTS = List.of("acme", "globex", "initech");
    static final List<String> MODELS = List.of("auto", "sim/small", "sim/large");
    static final List<String> TEAMS = List.of("search", "support", "billing");
    static final List<String> QUESTIONS = List.of(
            "What is a Kafka consumer group?", "Explain exactly-once semantics in two sentences.",
            "Summarise the CAP theorem.", "What does RocksDB compaction do?", "Write a haiku about queues.",
            "How do I reverse a linked list in Java?", "What is the capital of Australia?",
            "Translate 'good morning' into French.", "List three uses of a bloom filter.",
            "Why do distributed systems need idempotence?", "What is backpressure?",
            "Explain the difference between latency and throughput.", "What is a tumbling window?",
            "Give me a SQL query that counts rows per day.", "What is a circuit breaker in microservices?",
            "How does TLS establish a session key?", "What is the time complexity of binary search?",
            "Describe a write-ahead log.", "What is consistent hashing?", "Explain vector clocks briefly.",
            "What is the purpose of a schema registry?", "Summarise the plot of Hamlet in one line.",
            "How many bytes are in a kibibyte?", "What is a partition leader in Kafka?",
            "Explain a B-tree to a child.", "What is retrieval-augmented generation?",
            "Give two causes of tail latency.", "What is a dead-letter queue for?",
            "Define eventual consistency.", "What is a token in a language model?");

    /** Questions of the workload asked again in other words: the semantic cache's chance. */
    static final java.util.Map<String, String> PARAPHRASES = java.util.Map.of(
            "What is a Kafka consumer group?", "Explain what a consumer group is in Kafka.",
            "Summarise the CAP theorem.", "Give me a short summary of the CAP theorem.",
            "What is backpressure?", "What does backpressure mean?",
            "What is a dead-letter queue for?", "What is the purpose of a dead-letter queue?",
            "What is consistent hashing?", "Can you explain consistent hashing?",
            "Define eventual consistency.", "What is eventual consistency?",
            "What is a tumbling window?", "Explain tumbling windows.",
            "Describe a write-ahead log.", "What is a write-ahead log?");

    /** Distinct questions for the budget burst, so none is answered from the cache. */
    static final List<String> RESEARCH_TOPICS = List.of("photosynthesis", "plate tectonics", "the French revolution", "black holes",
            "the immune system", "supply and demand", "the printing press", "quantum entanglement", "coral reefs", "the Roman aqueducts",
            "bee colonies", "the Silk Road", "volcanoes", "the water cycle", "jazz improvisation", "the periodic table", "glaciers",
            "monsoons", "the Bronze Age", "neural networks", "tides", "the Renaissance", "antibiotics", "desert ecosystems",
            "the Apollo program", "origami", "the stock market", "bird migration", "the Great Wall", "sourdough fermentation");

    private final List<Item> firstWave = new ArrayList<>();
    private final List<Item> secondWave = new ArrayList<>();
    private final List<Item> budgetBurst = new ArrayList<>();

    /** One record to publish: an Avro request, or raw bytes for records that must be rejected. */
    public record Item(String key, LlmRequest request, byte[] rawValue, String expectation) {
        public boolean isRaw() {
            return rawValue != null;
        }
    }

    public DemoWorkload(int firstWaveSize, long seed, DemoGovernance keys) {
        Random random = new Random(seed);
        for (int i = 0; i < firstWaveSize; i++) {
            String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
            String team = TEAMS.get(random.nextInt(TEAMS.size()));
            LlmRequest request = withKey(request("demo-" + i, tenant, MODELS.get(random.nextInt(MODELS.size())),
                    QUESTIONS.get(random.nextInt(QUESTIONS.size())), Tier.values()[random.nextInt(3)], team), keys.keyOf(tenant, team));
            firstWave.add(new Item(tenant, request, null, "answered"));
        }
        int repeats = firstWaveSize / 6;
        for (int i = 0; i < repeats; i++) {
            LlmRequest original = firstWave.get(random.nextInt(firstWave.size())).request();
            LlmRequest repeat = LlmRequest.newBuilder(original).setRequestId("demo-repeat-" + i).build();
            secondWave.add(new Item(original.getTenant(), repeat, null, "exact cache hit"));
        }
        List<Item> paraphrasable = firstWave.stream().filter(item -> PARAPHRASES.containsKey(question(item.request()))).toList();
        for (int i = 0; i < Math.min(paraphrasable.size(), firstWaveSize / 20); i++) {
            LlmRequest original = paraphrasable.get(random.nextInt(paraphrasable.size())).request();
            LlmRequest paraphrase = LlmRequest.newBuilder(original).setRequestId("demo-paraphrase-" + i)
                    .setMessages(List.of(original.getMessages().get(0), new ChatMessage("user", PARAPHRASES.get(question(original)), null, null, new java.util.ArrayList<>())))
                    .build();
            secondWave.add(new Item(original.getTenant(), paraphrase, null, "semantic cache hit"));
        }
        for (int i = 0; i < Math.max(1, firstWaveSize / 25); i++) {
            LlmRequest original = firstWave.get(random.nextInt(firstWave.size())).request();
            secondWave.add(new Item(original.getTenant(), original, null, "resent request_id: answered again, not re-run"));
        }
        secondWave.add(new Item("acme", withKey(request("demo-bad-model", "acme", "gpt-99-ultra", "Hi", Tier.STANDARD, "search"),
                keys.keyOf("acme", "search")), null, "REJECTED unknown model"));
        secondWave.add(new Item("acme", request("demo-no-key", "acme", "auto", "Hi, who am I?", Tier.STANDARD, "search"), null, "REJECTED missing key"));
        secondWave.add(new Item("acme", withKey(request("demo-revoked-key", "acme", "auto", "Hi again", Tier.STANDARD, "search"), keys.revokedKey()),
                null, "REJECTED revoked key"));
        secondWave.add(new Item("acme", null, "{\"request_id\": \"demo-bad-json\", \"tenant\": ".getBytes(StandardCharsets.UTF_8), "REJECTED malformed JSON"));
        secondWave.add(new Item("globex", null, "not a request at all".getBytes(StandardCharsets.UTF_8), "REJECTED unreadable"));
        secondWave.add(new Item("initech", null, ("{\"request_id\":\"demo-json-1\",\"tenant\":\"initech\",\"model\":\"sim/small\","
                + "\"api_key\":\"" + keys.keyOf("initech", "support") + "\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Sent as plain JSON, as kcat would.\"}]}").getBytes(StandardCharsets.UTF_8), "answered (JSON input)"));
        for (int i = 0; i < RESEARCH_TOPICS.size(); i++) {
            LlmRequest burst = withKey(request(BUDGET_BURST_PREFIX + i, DemoGovernance.BUDGET_TENANT, "auto",
                    "Write a short research brief on " + RESEARCH_TOPICS.get(i) + ".", Tier.STANDARD, DemoGovernance.BUDGET_TEAM),
                    keys.keyOf(DemoGovernance.BUDGET_TENANT, DemoGovernance.BUDGET_TEAM));
            budgetBurst.add(new Item(DemoGovernance.BUDGET_TENANT, burst, null, "answered within the team's daily budget, or REJECTED budget_exceeded"));
        }
    }

    private static LlmRequest withKey(LlmRequest request, String apiKey) {
        return LlmRequest.newBuilder(request).setApiKey(apiKey).build();
    }

    /** Not part of the workload: proves the path is up before anything is measured. */
    static Item warmUp() {
        return new Item("demo-warmup", request("demo-warmup-1", "demo-warmup", "sim/small", "Are you there?", Tier.INTERACTIVE, "ops"), null, "answered");
    }

    static LlmRequest request(String id, String tenant, String model, String question, Tier tier, String team) {
        return LlmRequest.newBuilder()
                .setRequestId(id)
                .setTenant(tenant)
                .setAttribution(new Attribution(team, "demo", "faq", null, null))
                .setMessages(List.of(new ChatMessage("system", "You are a concise assistant.", null, null, new java.util.ArrayList<>()),
                        new ChatMessage("user", question, null, null, new java.util.ArrayList<>())))
                .setParams(GenerationParams.newBuilder().setMaxTokens(120).setTemperature(0.0).build())
                .setModel(model)
                .setTier(tier)
                .build();
    }

    private static String question(LlmRequest request) {
        return request.getMessages().get(request.getMessages().size() - 1).getContent();
    }

    public List<Item> firstWave() {
        return firstWave;
    }

    public List<Item> secondWave() {
        return secondWave;
    }

    public List<Item> budgetBurst() {
        return budgetBurst;
    }

    public int size() {
        return firstWave.size() + secondWave.size() + budgetBurst.size();
    }
}
