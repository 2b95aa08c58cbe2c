package dev.switchboard.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every request a phase sent and every answer that came back for it, with its intended send time (not the time it
 * was actually sent: an open-loop measurement counts the time a request spent waiting to be sent, so a stall of the
 * sender or of the system is not hidden). Answers to ids this run did not send are ignored; a second answer to an
 * id is counted as a duplicate.
 */
final class AnswerTracker {
    /** What was sent: the phase and tier it is reported under, and when it was meant to go, on the nano clock. */
    record Sent(String phase, String tier, long intendedNanos) {
    }

    /** @param queueMs submission to the provider call as the answer reports it; negative when it reports none */
    record Answer(String status, long queueMs, long receivedNanos) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> duplicates = new ConcurrentHashMap<>();

    void sent(String id, String phase, String tier, long intendedNanos) {
        sent.put(id, new Sent(phase, tier, intendedNanos));
    }

    void answered(String id, Answer answer) {
        if (!sent.containsKey(id)) {
            return;
        }
        if (answers.putIfAbsent(id, answer) != null) {
            duplicates.merge(id, 1, Integer::sum);
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Waits until every sent request has an answer or the timeout passes; true when all are answered. */
    synchronized boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answers.size() < sent.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** A request and its (first) answer. */
    record Answered(Sent sent, Answer answer) {
        long endToEndNanos() {
            return answer.receivedNanos() - sent.intendedNanos();
        }
    }

    /** One row's raw figures: how many requests of a phase and tier were sent, and the answers to them. */
    record Outcome(String tier, int sent, List<Answered> answered, int duplicates) {
        int missing() {
            return sent - answered.size();
        }
    }

    /** @param tier null: every tier of the phase */
    Outcome outcome(String phase, String tier) {
        int sentOfLabel = 0;
        List<Answered> answered = new ArrayList<>();
        int dups = 0;
        for (Map.Entry<String, Sent> e : sent.entrySet()) {
            if (!e.getValue().phase().equals(phase) || (tier != null && !e.getValue().tier().equals(tier))) {
                continue;
            }
            sentOfLabel++;
            Answer answer = answers.get(e.getKey());
            if (answer != null) {
                answered.add(new Answered(e.getValue(), answer));
            }
            dups += duplicates.getOrDefault(e.getKey(), 0);
        }
        return new Outcome(tier == null ? "all" : tier, sentOfLabel, answered, dups);
    }
}
