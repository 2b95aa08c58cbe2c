package dev.switchboard.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport every adapter shares, over real HTTP against a stub on 127.0.0.1. */
class ProviderHttpTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    private StubServer stub;
    private ProviderHttp http;

    @BeforeEach
    void start() {
        stub = StubServer.start();
        http = new ProviderHttp("p", Duration.ofSeconds(2), NOON);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /** Reads any answer as a failure carrying its status and the Retry-After the transport read. */
    private ProviderResult post(ProviderHttp.Post post) throws Exception {
        return http.post(() -> post, Duration.ofSeconds(5), response -> HttpFailures.fromStatus("p", false, response.statusCode(),
                HttpFailures.kindOf(response.statusCode()), response.body(), http.retryAfter(response))).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldPostTheBodyWithTheAdaptersHeadersAndHandTheAnswerToItsReader() throws Exception {
        stub.reply(429, "slow down", Map.of("Retry-After", "Wed, 02 Dec 2026 12:00:30 GMT"));

        ProviderResult result = post(new ProviderHttp.Post(stub.uri("/v1/x"), Map.of("x-key", "k1", "Content-Type", "application/json"), "{}"));

        StubServer.Recorded request = stub.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/x");
        assertThat(request.headers().getFirst("x-key")).isEqualTo("k1");
        assertThat(request.body()).isEqualTo("{}");
        assertThat(result).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(f.httpStatus()).isEqualTo(429);
            assertThat(f.message()).isEqualTo("HTTP 429: slow down");
            assertThat(f.retryAfter()).as("an HTTP date, read against the injected clock").isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void shouldRejectARequestThatCannotBeBuiltWithoutSendingIt() throws Exception {
        ProviderResult result = post(new ProviderHttp.Post(stub.uri("/v1/x"), Map.of("x-key", "line\nbreak"), "{}"));

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.REJECTED_BY_PROVIDER);
            assertThat(f.provider()).isEqualTo("p");
        });
    }

    @Test
    void shouldClassifyAnAnswerThatNeverCameAsATimeout() throws Exception {
        stub.hang();

        ProviderResult result = http.post(() -> new ProviderHttp.Post(stub.uri("/v1/x"), Map.of(), "{}"), Duration.ofMillis(300),
                response -> { throw new AssertionError("no answer expected"); }).get(10, TimeUnit.SECONDS);

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT));
    }

    @Test
    void shouldFailABatchExchangeWithThePathStatusAndTheProvidersReason() {
        stub.reply(400, "{\"reason\":\"bad file\"}");
        HttpRequest request = HttpRequest.newBuilder(stub.uri("/v1/batches")).GET().build();

        assertThatThrownBy(() -> http.exchange(request, body -> "reason from " + body).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("/v1/batches: HTTP 400: reason from {\"reason\":\"bad file\"}");
    }

    @Test
    void shouldClassifyEveryStatusTheSameWayForEveryProvider() {
        assertThat(HttpFailures.kindOf(429)).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(HttpFailures.kindOf(401)).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(HttpFailures.kindOf(403)).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(HttpFailures.kindOf(408)).isEqualTo(FailureKind.TIMEOUT);
        assertThat(HttpFailures.kindOf(529)).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(HttpFailures.kindOf(400)).isEqualTo(FailureKind.REJECTED_BY_PROVIDER);
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrADateInThePastAsNoWait() {
        assertThat(HttpFailures.retryAfter("12", NOON)).contains(Duration.ofSeconds(12));
        assertThat(HttpFailures.retryAfter("Wed, 02 Dec 2026 11:59:00 GMT", NOON)).contains(Duration.ZERO);
        assertThat(HttpFailures.retryAfter("soon", NOON)).isEmpty();
    }
}
