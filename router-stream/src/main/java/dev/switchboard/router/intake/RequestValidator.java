package dev.switchboard.router.intake;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.ModelInfo;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Decides whether a readable request may enter the pipeline. Pure: no Kafka, no clock. */
public final class RequestValidator {
    public static final String AUTO = "auto";
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** Tenants key every partition, store and metric: a name longer than this is refused, not stored. */
    public static final int MAX_TENANT_CHARS = 128;
    /** A request id is echoed on every answer and kept for dedup. */
    public static final int MAX_REQUEST_ID_CHARS = 256;
    /** Metadata is echoed on every answer; more than this would let an answer grow with its request. */
    public static final int MAX_METADATA_CHARS = 16 * 1024;
    /** A rough, deliberately generous characters-per-token ratio: only used to refuse prompts that cannot fit. */
    private static final int CHARS_PER_TOKEN = 4;

    private final RouterConfig config;
    private final ModelCatalog catalog;

    public RequestValidator(RouterConfig config, ModelCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    public Optional<Rejection> check(LlmRequest request) {
        if (blank(request.getRequestId())) {
            return invalid("request_id is required");
        }
        if (request.getRequestId().length() > MAX_REQUEST_ID_CHARS) {
            return invalid("request_id has " + request.getRequestId().length() + " characters; the limit is " + MAX_REQUEST_ID_CHARS);
        }
        if (blank(request.getTenant())) {
            return invalid("tenant is required");
        }
        Optional<Rejection> tenant = checkTenant(request.getTenant());
        if (tenant.isPresent()) {
            return tenant;
        }
        if (!metadataWithinLimit(request)) {
            return invalid("metadata has more than " + MAX_METADATA_CHARS + " characters in its keys and values");
        }
        Optional<Rejection> messages = checkMessages(request);
        if (messages.isPresent()) {
            return messages;
        }
        Optional<Rejection> params = checkParams(request.getParams());
        if (params.isPresent()) {
            return params;
        }
        Optional<Rejection> replyTo = checkReplyTo(request.getReplyTo());
        if (replyTo.isPresent()) {
            return replyTo;
        }
        return checkModel(request);
    }

    private static Optional<Rejection> checkTenant(String tenant) {
        if (tenant.length() > MAX_TENANT_CHARS) {
            return invalid("tenant has " + tenant.length() + " characters; the limit is " + MAX_TENANT_CHARS);
        }
        if (tenant.chars().anyMatch(Character::isISOControl) || !tenant.strip().equals(tenant)) {
            return invalid("tenant must not contain control characters or start or end with whitespace");
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkMessages(LlmRequest request) {
        if (request.getMessages().isEmpty()) {
            return invalid("messages must not be empty");
        }
        long chars = 0;
        boolean hasUser = false;
        for (ChatMessage message : request.getMessages()) {
            if (!ROLES.contains(message.getRole())) {
                return invalid("unknown message role '" + message.getRole() + "'; expected one of " + ROLES);
            }
            hasUser |= message.getRole().equals("user");
            chars += message.getContent().length();
        }
        if (!hasUser) {
            return invalid("messages must contain at least one user message");
        }
        if (chars > config.maxPromptChars()) {
            return Optional.of(new Rejection(Rejection.PROMPT_TOO_LARGE,
                    "prompt has " + chars + " characters; the limit is " + config.maxPromptChars()));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkParams(GenerationParams params) {
        if (params.getMaxTokens() != null && params.getMaxTokens() <= 0) {
            return invalid("max_tokens must be positive, got " + params.getMaxTokens());
        }
        if (params.getTemperature() != null && (params.getTemperature() < 0 || params.getTemperature() > 2)) {
            return invalid("temperature must be between 0 and 2, got " + params.getTemperature());
        }
        if (params.getTopP() != null && (params.getTopP() <= 0 || params.getTopP() > 1)) {
            return invalid("top_p must be in (0, 1], got " + params.getTopP());
        }
        return Optional.empty();
    }

    public static boolean metadataWithinLimit(LlmRequest request) {
        long chars = 0;
        for (Map.Entry<String, String> entry : request.getMetadata().entrySet()) {
            chars += entry.getKey().length() + (entry.getValue() == null ? 0 : entry.getValue().length());
        }
        return chars <= MAX_METADATA_CHARS;
    }

    /** Where a refusal goes: the request's own reply topic when that is acceptable, else {@code llm.responses}. */
    public static String replyTopicIfValid(LlmRequest request) {
        return checkReplyTo(request.getReplyTo()).isEmpty() && request.getReplyTo() != null ? request.getReplyTo() : Topics.RESPONSES;
    }

    /**
     * reply_to may name the caller's own topic, never one of the gateway's internal topics (that would loop). The
     * {@code llm.replies.} family is for reply topics (the gateway's and clients'), which the cost aggregator counts.
     */
    private static Optional<Rejection> checkReplyTo(String replyTo) {
        if (replyTo == null) {
            return Optional.empty();
        }
        if (!TOPIC_NAME.matcher(replyTo).matches()) {
            return invalid("reply_to '" + replyTo + "' is not a valid topic name");
        }
        if (replyTo.startsWith("llm.") && !replyTo.equals(Topics.RESPONSES) && !Topics.inReplyFamily(replyTo)) {
            return invalid("reply_to must not be an internal topic: " + replyTo);
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkModel(LlmRequest request) {
        String model = request.getModel();
        if (model.equals(AUTO)) {
            return fitsContext(request, config.policyOf(request.getTenant()).defaultModel());
        }
        if (!catalog.contains(model)) {
            return Optional.of(new Rejection(Rejection.UNKNOWN_MODEL, "model '" + model + "' is not in the model catalog"));
        }
        if (!config.serves(model)) {
            return Optional.of(new Rejection(Rejection.MODEL_UNAVAILABLE,
                    "model '" + model + "' is known but not served by this gateway; served: " + config.servedModels()));
        }
        return fitsContext(request, model);
    }

    private Optional<Rejection> fitsContext(LlmRequest request, String model) {
        Optional<ModelInfo> info = catalog.find(model);
        if (info.isEmpty() || info.get().maxInputTokens() <= 0) {
            return Optional.empty();
        }
        long chars = request.getMessages().stream().mapToLong(m -> m.getContent().length()).sum();
        long estimatedTokens = chars / CHARS_PER_TOKEN;
        if (estimatedTokens > info.get().maxInputTokens()) {
            return Optional.of(new Rejection(Rejection.PROMPT_TOO_LARGE, "prompt of about " + estimatedTokens
                    + " tokens exceeds " + model + "'s context window of " + info.get().maxInputTokens()));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> invalid(String message) {
        return Optional.of(new Rejection(Rejection.INVALID, message));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
