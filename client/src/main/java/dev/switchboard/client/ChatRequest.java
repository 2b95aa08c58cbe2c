package dev.switchboard.client;

import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.CacheControl;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chat request as a caller writes it. The client fills in what it owns: the request id (unless given), its reply
 * topic, the deadline and the submission time.
 *
 * @param timeout how long the caller waits for the answer; null: the client's default
 */
public record ChatRequest(LlmRequest record, Duration timeout) {
    public ChatRequest {
        Objects.requireNonNull(record, "record");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** A request already held as the wire record (the HTTP gateway reads one from an OpenAI body). */
    public static ChatRequest of(LlmRequest record, Duration timeout) {
        return new ChatRequest(record, timeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String requestId;
        private String tenant;
        private String apiKey;
        private String model = "auto";
        private Tier tier;
        private final List<ChatMessage> messages = new ArrayList<>();
        private String team;
        private String project;
        private String feature;
        private String user;
        private String sessionId;
        private Integer maxTokens;
        private Double temperature;
        private final CacheControl.Builder cache = CacheControl.newBuilder();
        private final Map<String, String> metadata = new HashMap<>();
        private Duration timeout;

        private Builder() {
        }

        /** Default: a random id. A repeat of an id within the router's dedup window is answered, not re-run. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** The virtual key; the router checks it and removes it before anything is written onward. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** A catalog id, or {@code auto} (the default) to let the tenant's policy choose. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder tier(Tier tier) {
            this.tier = tier;
            return this;
        }

        public Builder system(String content) {
            return message("system", content);
        }

        public Builder user(String content) {
            return message("user", content);
        }

        public Builder assistant(String content) {
            return message("assistant", content);
        }

        public Builder message(String role, String content) {
            messages.add(new ChatMessage(role, content, null, null, new ArrayList<>()));
            return this;
        }

        public Builder team(String team) {
            this.team = team;
            return this;
        }

        public Builder project(String project) {
            this.project = project;
            return this;
        }

        public Builder feature(String feature) {
            this.feature = feature;
            return this;
        }

        /** Attribution: the end user on whose behalf the request is made. */
        public Builder endUser(String user) {
            this.user = user;
            return this;
        }

        public Builder session(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Neither read nor fill the cache. */
        public Builder noCache() {
            cache.setNoCache(true);
            return this;
        }

        public Builder cacheNamespace(String namespace) {
            cache.setNamespace(namespace);
            return this;
        }

        public Builder metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public ChatRequest build() {
            Objects.requireNonNull(tenant, "tenant");
            LlmRequest record = LlmRequest.newBuilder()
                    .setRequestId(requestId == null ? "" : requestId)
                    .setTenant(tenant)
                    .setAttribution(new Attribution(team, project, feature, user, null))
                    .setApiKey(apiKey)
                    .setSessionId(sessionId)
                    .setMessages(new ArrayList<>(messages))
                    .setParams(new GenerationParams(maxTokens, temperature, null, new ArrayList<>(), null))
                    .setModel(model)
                    .setTier(tier == null ? Tier.STANDARD : tier)
                    .setTierExplicit(tier != null)
                    .setCache(cache.build())
                    .setDeadline(null)
                    .setReplyTo(null)
                    .setMetadata(new HashMap<>(metadata))
                    .setSubmittedAt(null)
                    .build();
            return new ChatRequest(record, timeout);
        }
    }
}
