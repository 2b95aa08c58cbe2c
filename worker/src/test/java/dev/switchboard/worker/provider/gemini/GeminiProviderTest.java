package dev.switchboard.worker.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@link GeminiProvider} over real HTTP against a stub on 127.0.0.1. */
class GeminiProviderTest {
    private static final String KEY = "AIzaTestKey0123456789";
    private static final String ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"A queue-like consumer group."}]},
              "finishReason":"MAX_TOKENS","index":0}],
             "usageMetadata":{"promptTokenCount":30,"cachedContentTokenCount":20,"candidatesTokenCount":6,"totalTokenCount":36}}""";

    private StubServer stub;
    private GeminiProvider provider;

    @BeforeEach
    void start() {
        stub = StubServer.start();
        provider = new GeminiProvider("gemini", stub.uri("/v1beta"), Secret.of(KEY), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private ProviderResult call(String model, Duration timeout) throws Exception {
        return provider.complete(Calls.conversation(model, timeout)).get(10, TimeUnit.SECONDS);
    }

    private ProviderResult call() throws Exception {
        return call("gemini-2.5-flash", Duration.ofSeconds(5));
    }

    private static String error(int code, String status, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }

    @Test
    void shouldPostGenerateContentWithTheKeyInAHeaderOnlyAndMapTheAnswer() throws Exception {
        stub.reply(200, ANSWER);

        ProviderResult result = call();

        StubServer.Recorded request = stub.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.headers().getFirst("x-goog-api-key")).isEqualTo(KEY);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are terse.");
        assertThat(request.body()).doesNotContain(KEY);
        assertThat(result).isInstanceOfSatisfying(ProviderResult.Success.class, s -> {
            assertThat(s.provider()).isEqualTo("gemini");
            assertThat(s.content()).isEqualTo("A queue-like consumer group.");
            assertThat(s.finishReason()).isEqualTo("length");
            assertThat(s.promptTokens()).isEqualTo(30);
            assertThat(s.cachedPromptTokens()).isEqualTo(20);
            assertThat(s.completionTokens()).isEqualTo(6);
        });
    }

    @Test
    void shouldAcceptAModelNameWithTheModelsPrefix() throws Exception {
        stub.reply(200, ANSWER);

        call("models/gemini-2.5-pro", Duration.ofSeconds(5));

        assertThat(stub.takeRequest().path()).isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
    }

    @Test
    void shouldRejectAModelNameThatWouldChangeThePath() throws Exception {
        assertThat(call("../files?x=1", Duration.ofSeconds(5))).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.REJECTED_BY_PROVIDER));
    }

    @Test
    void shouldReportRateLimitWithRetryAfterHeader() throws Exception {
        stub.reply(429, error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."), Map.of("Retry-After", "12"));

        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(12));
            assertThat(f.message()).isEqualTo("HTTP 429: RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).");
        });
    }

    @Test
    void shouldReadTheRetryDelayFromRetryInfoWhenThereIsNoHeader() throws Exception {
        stub.reply(429, """
                {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
                  "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},
                             {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"31.5s"}]}}""");

        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(f.retryAfter()).isEqualTo(Duration.ofMillis(31_500));
        });
    }

    @Test
    void shouldTreatUnavailableAndInternalAsServerErrors() throws Exception {
        stub.reply(503, error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."));
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.SERVER_ERROR);
            assertThat(f.message()).contains("The model is overloaded");
        });

        stub.reply(500, error(500, "INTERNAL", "An internal error has occurred."));
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.SERVER_ERROR));
    }

    @Test
    void shouldClassifyAnInvalidKeyAsAuthenticationAndOtherBadRequestsAsRejected() throws Exception {
        stub.reply(400, """
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
                  "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}""");
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTHENTICATION));

        stub.reply(403, error(403, "PERMISSION_DENIED", "Permission denied."));
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTHENTICATION));

        stub.reply(400, error(400, "INVALID_ARGUMENT", "Invalid value at 'generation_config.temperature'"));
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.REJECTED_BY_PROVIDER);
            assertThat(f.message()).contains("generation_config.temperature");
        });

        stub.reply(404, error(404, "NOT_FOUND", "models/gemini-9 is not found"));
        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.REJECTED_BY_PROVIDER));
    }

    @Test
    void shouldCallAMalformedBodyABadResponse() throws Exception {
        stub.reply(200, "{\"candidates\":[{\"content\":");

        assertThat(call()).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.BAD_RESPONSE));
    }

    @Test
    void shouldTimeOutWhenTheProviderNeverAnswers() throws Exception {
        stub.hang();

        assertThat(call("gemini-2.5-flash", Duration.ofMillis(300))).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(f.message()).doesNotContain(KEY);
        });
    }
}
