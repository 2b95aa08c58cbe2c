package dev.switchboard.router.cache.semantic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;

/** Votes for candidate questions as index keys are read; ties keep the order of first sight (newest first). */
final class CandidateVotes {
    private final Map<Bytes, Integer> votes = new LinkedHashMap<>();
    private int scanned;

    void add(Bytes exactKey, int weight) {
        scanned++;
        votes.merge(exactKey, weight, Integer::sum);
    }

    int scanned() {
        return scanned;
    }

    List<Bytes> inOrder() {
        return List.copyOf(votes.keySet());
    }

    /** The {@code count} most voted candidates, then {@code extra} ones not already among them. */
    Set<Bytes> top(int count, List<Bytes> extra) {
        List<Map.Entry<Bytes, Integer>> ranked = new ArrayList<>(votes.entrySet());
        ranked.sort(Map.Entry.<Bytes, Integer>comparingByValue(Comparator.reverseOrder()));
        Set<Bytes> chosen = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(count, ranked.size()); i++) {
            chosen.add(ranked.get(i).getKey());
        }
        chosen.addAll(extra);
        return chosen;
    }
}
