package dev.switchboard.launcher.bench;

import dev.switchboard.client.ChatRequest;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;

/**
 * Switchboard straight through Kafka with {@link SwitchboardClient}: the gateway's own path (a request on
 * {@code llm.requests}, the answer on a reply topic of this client's) without the HTTP hop, so the difference between
 * this target and {@link OpenAiHttpTarget} on the gateway is what HTTP adds.
 */
final class ClientTarget implements BenchTarget {
    static final String NAME = "kafka-client";

    private final BenchSettings settings;
    private final SwitchboardClient client;
    private final AnswerTracker tracker;

    ClientTarget(String bootstrapServers, SwitchboardSerdes serdes, BenchSettings settings, int maxInFlight, AnswerTracker tracker) {
        this.settings = settings;
        this.tracker = tracker;
        this.client = SwitchboardClient.builder().bootstrapServers(bootstrapServers).serdes(serdes).maxInFlight(maxInFlight)
                .admissionWait(Duration.ZERO).defaultTimeout(settings.drainTimeout()).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(String requestId, Tier tier, String prompt, long submittedAtMillis) {
        ChatRequest.Builder request = ChatRequest.builder().requestId(requestId).tenant(settings.tenant()).model(settings.model()).tier(tier)
                .maxTokens(settings.maxTokens()).temperature(0.0).user(prompt);
        if (!settings.cache()) {
            request.noCache();
        }
        client.submit(request.build()).whenComplete((answer, error) -> tracker.answered(requestId,
                new AnswerTracker.Answer(error != null ? error.getClass().getSimpleName() : answer.status().name(), -1, System.nanoTime())));
    }

    @Override
    public void flush() {
        // submit() hands each record to the producer, which sends within its linger
    }

    @Override
    public void close() {
        client.close();
    }
}
