package dev.switchboard.router.governance;

import dev.switchboard.router.StoreValues;
import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Token caps. Per request: what it asks for must fit. Per session: the tokens its requests asked for add up, and
 * once the next one would pass the cap the session is stopped, so an agent looping on itself ends however fast it
 * goes. Counting at admission (not on answers) makes the cap hold while calls are still in flight.
 */
public final class SessionTokens {
    public static final String STORE = "session-tokens";
    /** A session not heard from for this long is forgotten (its count starts again if it comes back). */
    public static final Duration IDLE = Duration.ofHours(24);
    public static final Serde<long[]> SERDE = StoreValues.serde(new StoreValues.Codec<>() {
        @Override
        public void write(long[] value, java.io.DataOutputStream out) throws java.io.IOException {
            out.writeLong(value[0]);
            out.writeLong(value[1]);
        }

        @Override
        public long[] read(java.io.DataInputStream in) throws java.io.IOException {
            return new long[] {in.readLong(), in.readLong()};
        }
    });

    /** Tokens requested so far and when the session last sent a request. */
    private final KeyValueStore<String, long[]> sessions;

    public SessionTokens(KeyValueStore<String, long[]> sessions) {
        this.sessions = sessions;
    }

    public Optional<Rejection> check(LlmRequest request, GovernancePolicy policy, long tokens) {
        if (policy.getMaxTokensPerRequest() != null && tokens > policy.getMaxTokensPerRequest()) {
            return Optional.of(new Rejection(GovernanceCodes.TOKEN_CAP, "the request asks for about " + tokens
                    + " tokens (prompt and max_tokens); the cap is " + policy.getMaxTokensPerRequest() + " per request"));
        }
        if (policy.getMaxTokensPerSession() == null || request.getSessionId() == null) {
            return Optional.empty();
        }
        long used = used(request);
        if (used + tokens > policy.getMaxTokensPerSession()) {
            return Optional.of(new Rejection(GovernanceCodes.SESSION_TOKEN_CAP, "session " + request.getSessionId() + " has used "
                    + used + " tokens and this request asks for " + tokens + "; the cap is " + policy.getMaxTokensPerSession() + " per session"));
        }
        return Optional.empty();
    }

    public void record(LlmRequest request, GovernancePolicy policy, long tokens, long nowMs) {
        if (policy.getMaxTokensPerSession() != null && request.getSessionId() != null) {
            sessions.put(key(request), new long[] {used(request) + tokens, nowMs});
        }
    }

    public void purge(long nowMs) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, long[]> all = sessions.all()) {
            while (all.hasNext()) {
                KeyValue<String, long[]> entry = all.next();
                if (entry.value[1] < nowMs - IDLE.toMillis()) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(sessions::delete);
    }

    private long used(LlmRequest request) {
        long[] session = sessions.get(key(request));
        return session == null ? 0 : session[0];
    }

    private static String key(LlmRequest request) {
        return Scopes.key(request.getTenant(), request.getSessionId());
    }
}
