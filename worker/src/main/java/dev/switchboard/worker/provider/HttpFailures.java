package dev.switchboard.worker.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** What every HTTP adapter reads the same way: transport failures, error statuses, {@code Retry-After}, and body excerpts for messages. */
public final class HttpFailures {
    private static final int EXCERPT = 300;

    private HttpFailures() {
    }

    /** A call that got no HTTP answer: timed out, could not connect, or broke on the way. */
    public static ProviderResult.Failure fromException(String provider, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return new ProviderResult.Failure(provider, false, FailureKind.TIMEOUT, "no answer within the timeout: " + cause.getMessage(), null, null);
        }
        if (cause instanceof ConnectException) {
            return new ProviderResult.Failure(provider, false, FailureKind.UNREACHABLE, "cannot connect: " + cause, null, null);
        }
        FailureKind kind = cause instanceof IOException ? FailureKind.UNREACHABLE : FailureKind.BAD_RESPONSE;
        return new ProviderResult.Failure(provider, false, kind, cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, null);
    }

    /** The failure kind an HTTP error status says, the same for every provider API. */
    public static FailureKind kindOf(int status) {
        return switch (status) {
            case 429 -> FailureKind.RATE_LIMITED;
            case 401, 403 -> FailureKind.AUTHENTICATION;
            case 408 -> FailureKind.TIMEOUT;
            default -> status >= 500 ? FailureKind.SERVER_ERROR : FailureKind.REJECTED_BY_PROVIDER;
        };
    }

    /** A call the provider answered with an error status; {@code reason} is the provider's own, read from the body. */
    public static ProviderResult.Failure fromStatus(String provider, boolean simulated, int status, FailureKind kind, String reason,
                                                    Optional<Duration> retryAfter) {
        return new ProviderResult.Failure(provider, simulated, kind, "HTTP " + status + ": " + reason, status, retryAfter.orElse(null));
    }

    /** Retry-After is either delta-seconds or an HTTP date, read against {@code clock}. */
    public static Optional<Duration> retryAfter(String header, Clock clock) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(clock.withZone(at.getZone())), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }

    /** The start of a body, whitespace flattened, for an error message. */
    public static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...";
    }
}
