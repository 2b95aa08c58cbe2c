package dev.switchboard.router.dedup;

import dev.switchboard.router.StoreValues;
import dev.switchboard.schemas.LlmResponse;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the router remembers about one {@code request_id}: when it was first seen, its answer once there is one,
 * and the reply topics of repeats that arrived before the answer did.
 */
public record DedupEntry(long firstSeenMs, LlmResponse answer, List<String> waitingReplyTopics) {
    public static final Serde<DedupEntry> SERDE = StoreValues.serde(new Codec());

    public DedupEntry {
        waitingReplyTopics = List.copyOf(waitingReplyTopics);
    }

    static DedupEntry pending(long firstSeenMs) {
        return new DedupEntry(firstSeenMs, null, List.of());
    }

    public boolean answered() {
        return answer != null;
    }

    DedupEntry withWaiter(String replyTopic) {
        List<String> waiters = new ArrayList<>(waitingReplyTopics);
        waiters.add(replyTopic);
        return new DedupEntry(firstSeenMs, answer, waiters);
    }

    DedupEntry withAnswer(LlmResponse response) {
        return new DedupEntry(firstSeenMs, response, List.of());
    }

    private static final class Codec implements StoreValues.Codec<DedupEntry> {
        @Override
        public void write(DedupEntry entry, DataOutputStream out) throws IOException {
            out.writeLong(entry.firstSeenMs);
            out.writeInt(entry.waitingReplyTopics.size());
            for (String topic : entry.waitingReplyTopics) {
                out.writeUTF(topic);
            }
            out.writeBoolean(entry.answered());
            if (entry.answered()) {
                StoreValues.writeResponse(entry.answer, out);
            }
        }

        @Override
        public DedupEntry read(DataInputStream in) throws IOException {
            long firstSeen = in.readLong();
            int waiters = in.readInt();
            List<String> topics = new ArrayList<>(waiters);
            for (int i = 0; i < waiters; i++) {
                topics.add(in.readUTF());
            }
            LlmResponse answer = in.readBoolean() ? StoreValues.readResponse(in) : null;
            return new DedupEntry(firstSeen, answer, topics);
        }
    }
}
