package dev.switchboard.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.ErrorInfo;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
    private final ErrorMapping mapping = new ErrorMapping(Duration.ofSeconds(10));

    @Test
    void shouldMapEachRefusalToTheStatusAnOpenAiSdkExpects() {
        assertThat(mapping.of(rejected(GovernanceCodes.MISSING_KEY)).status()).isEqualTo(401);
        assertThat(mapping.of(rejected(GovernanceCodes.INVALID_KEY)).status()).isEqualTo(401);
        assertThat(mapping.of(rejected(GovernanceCodes.KEY_REVOKED)).status()).isEqualTo(401);
        assertThat(mapping.of(rejected(GovernanceCodes.KEY_SCOPE)).status()).isEqualTo(403);
        assertThat(mapping.of(rejected(GovernanceCodes.KEY_TENANT_MISMATCH)).status()).isEqualTo(403);
        assertThat(mapping.of(rejected(Rejection.UNKNOWN_MODEL)).code()).isEqualTo("model_not_found");
        assertThat(mapping.of(rejected(Rejection.UNKNOWN_MODEL)).status()).isEqualTo(404);
        assertThat(mapping.of(rejected(Rejection.INVALID)).status()).isEqualTo(400);
        assertThat(mapping.of(rejected(GovernanceCodes.TOKEN_CAP)).status()).isEqualTo(400);
    }

    @Test
    void shouldTellARateLimitFromABudget() {
        OpenAiError limited = mapping.of(rejected(GovernanceCodes.RATE_LIMITED));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(10));

        OpenAiError budget = mapping.of(rejected(GovernanceCodes.BUDGET_EXCEEDED));
        assertThat(budget.status()).as("not 429: SDKs would retry a budget that cannot recover").isEqualTo(402);
        assertThat(budget.type()).isEqualTo(OpenAiError.INSUFFICIENT_QUOTA);
        assertThat(budget.retryAfter()).isEmpty();
    }

    @Test
    void shouldMapExpiredTo504AndFailedTo502() {
        assertThat(mapping.of(answer(ResponseStatus.EXPIRED, "deadline_exceeded")).status()).isEqualTo(504);
        assertThat(mapping.of(answer(ResponseStatus.FAILED, "provider_error")).status()).isEqualTo(502);
    }

    @Test
    void shouldWriteOpenAisErrorBody() {
        var body = mapping.of(rejected(GovernanceCodes.KEY_SCOPE)).body();
        assertThat(body.at("/error/code").asText()).isEqualTo("key_scope");
        assertThat(body.at("/error/type").asText()).isEqualTo(OpenAiError.PERMISSION);
        assertThat(body.at("/error/message").asText()).isEqualTo("because");
        assertThat(body.at("/error/param").isNull()).isTrue();
    }

    private static LlmResponse rejected(String code) {
        return answer(ResponseStatus.REJECTED, code);
    }

    private static LlmResponse answer(ResponseStatus status, String code) {
        return Responses.base("r1", "acme", status, Instant.EPOCH).setError(new ErrorInfo(code, "because")).build();
    }
}
