package dev.switchboard.router.budget;

import dev.switchboard.router.StoreValues;
import dev.switchboard.router.governance.Scopes;
import dev.switchboard.schemas.RoutedRequest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Requests waiting for lease, in arrival order per tenant, and each tenant's open ask: the budget step's (over
 * {@code budget-parked} and {@code budget-asks}, routed requests) and admission's (over {@code admission-parked} and
 * {@code admission-asks}, admitted requests). While a tenant has requests parked, its new ones park behind them: a
 * tenant's requests are judged against its limits in the order they came.
 */
public final class ParkedRequests<T> {
    public static final String PARKED_STORE = "budget-parked";
    public static final String ASKS_STORE = "budget-asks";
    /** Routed requests parked by the budget step. */
    public static final Serde<Parked<RoutedRequest>> PARKED_SERDE = serde(new StoreValues.Codec<>() {
        @Override
        public void write(RoutedRequest request, DataOutputStream out) throws IOException {
            ByteBuffer buffer = request.toByteBuffer();
            out.writeInt(buffer.remaining());
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }

        @Override
        public RoutedRequest read(DataInputStream in) throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return RoutedRequest.fromByteBuffer(ByteBuffer.wrap(bytes));
        }
    });
    public static final Serde<Ask> ASK_SERDE = StoreValues.serde(new AskCodec());

    private final KeyValueStore<String, Parked<T>> parked;
    private final KeyValueStore<String, Ask> asks;

    public ParkedRequests(KeyValueStore<String, Parked<T>> parked, KeyValueStore<String, Ask> asks) {
        this.parked = parked;
        this.asks = asks;
    }

    /** A request waiting for lease, with the time it parked (a wait has a limit). */
    public record Parked<T>(T request, long parkedAtMs) {
    }

    /** The store layout of parked requests: the time parked, then the request as {@code request} writes it. */
    public static <T> Serde<Parked<T>> serde(StoreValues.Codec<T> request) {
        return StoreValues.serde(new StoreValues.Codec<>() {
            @Override
            public void write(Parked<T> value, DataOutputStream out) throws IOException {
                out.writeLong(value.parkedAtMs());
                request.write(value.request(), out);
            }

            @Override
            public Parked<T> read(DataInputStream in) throws IOException {
                long at = in.readLong();
                return new Parked<>(request.read(in), at);
            }
        });
    }

    /** The tenant's open ask, if {@code askedAtMs > 0}, and the sequence number its next parked request takes. */
    public record Ask(long askId, long askedAtMs, long nextSeq) {
        public boolean open() {
            return askedAtMs > 0;
        }
    }

    public boolean waiting(String tenant) {
        Ask ask = asks.get(tenant);
        return ask != null && ask.open();
    }

    public Optional<Ask> ask(String tenant) {
        return Optional.ofNullable(asks.get(tenant));
    }

    public void park(String tenant, T request, long nowMs) {
        Ask ask = asks.get(tenant);
        long seq = ask == null ? 0 : ask.nextSeq();
        parked.put(key(tenant, seq), new Parked<>(request, nowMs));
        asks.put(tenant, ask == null ? new Ask(0, 0, seq + 1) : new Ask(ask.askId(), ask.askedAtMs(), seq + 1));
    }

    /** Opens a new ask for the tenant; returns its id. */
    public long asked(String tenant, long nowMs) {
        Ask ask = asks.get(tenant);
        long id = ask == null ? 1 : ask.askId() + 1;
        asks.put(tenant, new Ask(id, nowMs, ask == null ? 0 : ask.nextSeq()));
        return id;
    }

    /** The ledger answered: the ask is closed; the tenant's parked requests are replayed by the caller. */
    public void answered(String tenant) {
        Ask ask = asks.get(tenant);
        if (ask != null) {
            asks.put(tenant, new Ask(ask.askId(), 0, ask.nextSeq()));
        }
    }

    /** The tenant's parked requests, oldest first, with their store keys. */
    public List<KeyValue<String, Parked<T>>> of(String tenant) {
        List<KeyValue<String, Parked<T>>> found = new ArrayList<>();
        try (KeyValueIterator<String, Parked<T>> it = parked.prefixScan(Scopes.tenantPrefix(tenant), new StringSerializer())) {
            it.forEachRemaining(found::add);
        }
        return found;
    }

    public void remove(String key) {
        parked.delete(key);
    }

    /** Tenants with requests parked or an ask open, for the periodic check of asks and waits. */
    public List<KeyValue<String, Ask>> tenants() {
        List<KeyValue<String, Ask>> all = new ArrayList<>();
        try (KeyValueIterator<String, Ask> it = asks.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    /**
     * The periodic check of waits: forgets tenants with nothing parked and no ask open; hands every request parked
     * longer than {@code maxWaitMs} to {@code refuse} (nobody waits forever), and every tenant whose ask has gone
     * unanswered for {@code askAgainMs} to {@code askAgain}.
     */
    public void tend(long nowMs, long maxWaitMs, long askAgainMs, BiConsumer<String, T> refuse, Consumer<String> askAgain) {
        for (KeyValue<String, Ask> tenant : tenants()) {
            if (!tenant.value.open()) {
                forgetIfIdle(tenant.key);
                continue;
            }
            for (KeyValue<String, Parked<T>> request : of(tenant.key)) {
                if (nowMs - request.value.parkedAtMs() > maxWaitMs) {
                    remove(request.key);
                    refuse.accept(tenant.key, request.value.request());
                }
            }
            if (nowMs - tenant.value.askedAtMs() > askAgainMs) {
                askAgain.accept(tenant.key);
            }
        }
    }

    /** Forgets a tenant with nothing parked and no ask open. */
    public void forgetIfIdle(String tenant) {
        Ask ask = asks.get(tenant);
        if (ask != null && !ask.open() && of(tenant).isEmpty()) {
            asks.delete(tenant);
        }
    }

    /** Zero-padded so that a tenant's requests sort in arrival order. */
    private static String key(String tenant, long seq) {
        return Scopes.key(tenant, String.format("%019d", seq));
    }

    private static final class AskCodec implements StoreValues.Codec<Ask> {
        @Override
        public void write(Ask value, DataOutputStream out) throws IOException {
            out.writeLong(value.askId());
            out.writeLong(value.askedAtMs());
            out.writeLong(value.nextSeq());
        }

        @Override
        public Ask read(DataInputStream in) throws IOException {
            return new Ask(in.readLong(), in.readLong(), in.readLong());
        }
    }
}
