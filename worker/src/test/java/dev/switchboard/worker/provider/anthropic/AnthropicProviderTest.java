package dev.switchboard.worker.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.worker.provider.Calls;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.provider.Secret;
import dev.switchboard.worker.provider.StubServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AnthropicProvider} over real HTTP against a stub on 127.0.0.1. */
class AnthropicProviderTest {
    private static final String KEY = "sk-ant-test-0123456789";
    private static final String MESSAGE = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"A queue-like consumer group."}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":12,"output_tokens":6,"cache_read_input_tokens":100,"cache_creation_input_tokens":0}}""";

    private StubServer stub;
    private AnthropicProvider provider;

    @BeforeEach
    void start() {
        stub = StubServer.start();
        provider = new AnthropicProvider("anthropic", stub.uri("/v1/"), Secret.of(KEY), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private ProviderResult call(Duration timeout) throws Exception {
        return provider.complete(Calls.conversation("claude-sonnet-4-5", timeout)).get(10, TimeUnit.SECONDS);
    }

    private ProviderResult call() throws Exception {
        return call(Duration.ofSeconds(5));
    }

    @Test
    void shouldPostToMessagesWithKeyAndVersionHeadersAndMapTheAnswer() throws Exception {
        stub.reply(200, MESSAGE);

        ProviderResult result = call();

        StubServer.Recorded request = stub.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.headers().getFirst("x-api-key")).isEqualTo(KEY);
        assertThat(request.headers().getFirst("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.headers().getFirst("content-type")).isEqualTo("application/json");
        assertThat(request.headers().containsKey("Authorization")).isFalse();
        assertThat(new ObjectMapper().readTree(request.body()).get("system").asText()).isEqualTo("You are terse.");
        assertThat(result).isInstanceOfSatisfying(ProviderResult.Success.class, s -> {
            assertThat(s.provider()).isEqualTo("anthropic");
            assertThat(s.simulated()).isFalse();
            assertThat(s.content()).isEqualTo("A queue-like consumer group.");
            assertThat(s.finishReason()).isEqualTo("stop");
            assertThat(s.promptTokens()).isEqualTo(112);
            assertThat(s.cachedPromptTokens()).isEqualTo(100);
            assertThat(s.completionTokens()).isEqualTo(6);
        });
    }

    @Test
    void shouldReportRateLimitWithRetryAfter() throws Exception {
        stub.reply(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}",
                Map.of("retry-after", "17"));

        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(17));
            assertThat(f.httpStatus()).isEqualTo(429);
            assertThat(f.message()).contains("rate_limit_error").contains("per-minute rate limit");
        });
    }

    @Test
    void shouldTreatOverloadedAsServerError() throws Exception {
        stub.reply(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.SERVER_ERROR);
            assertThat(f.httpStatus()).isEqualTo(529);
            assertThat(f.message()).isEqualTo("HTTP 529: overloaded_error: Overloaded");
            assertThat(f.retryAfter()).isNull();
        });
    }

    @Test
    void shouldTreatInternalErrorAsServerError() throws Exception {
        stub.reply(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}");

        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.SERVER_ERROR));
    }

    @Test
    void shouldClassifyAuthenticationAndRejectedRequests() throws Exception {
        stub.reply(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.AUTHENTICATION);
            assertThat(f.kind().retryable()).isFalse();
        });

        stub.reply(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: must be positive\"}}");
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.REJECTED_BY_PROVIDER);
            assertThat(f.message()).contains("max_tokens: must be positive");
        });

        stub.reply(413, "request too large");
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.REJECTED_BY_PROVIDER);
            assertThat(f.message()).isEqualTo("HTTP 413: request too large");
        });
    }

    @Test
    void shouldCallAMalformedBodyABadResponse() throws Exception {
        stub.reply(200, "{\"id\":\"msg_1\",\"content\":");

        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.BAD_RESPONSE));
    }

    @Test
    void shouldTimeOutWhenTheProviderNeverAnswers() throws Exception {
        stub.hang();

        assertThat(call(Duration.ofMillis(300))).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(f.message()).doesNotContain(KEY);
        });
    }

    @Test
    void shouldNeverShowTheKey() {
        assertThat(Secret.of(KEY).toString()).doesNotContain(KEY);
        assertThat(provider.toString()).doesNotContain(KEY);
    }
}
