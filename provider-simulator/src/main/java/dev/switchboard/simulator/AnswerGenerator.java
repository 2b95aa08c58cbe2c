package dev.switchboard.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Produces a deterministic, plausible-looking answer from the prompt: the same model and messages always give
 * the same text, different prompts give different text. The natural length is 20-120 tokens (picked from the
 * prompt hash), then stop sequences and {@code max_tokens} cut it like a real model would.
 */
final class AnswerGenerator {

    static final int MIN_TOKENS = 20;
    static final int MAX_TOKENS = 120;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int QUESTION_WORDS = 5;
    private static final String[] VOCABULARY = {
        "the", "system", "routes", "each", "request", "to", "a", "model", "that", "fits", "its", "budget",
        "and", "latency", "goal", "this", "means", "you", "can", "trade", "cost", "for", "speed", "when",
        "needed", "in", "short", "answer", "depends", "on", "load", "queue", "depth", "tokens", "price",
        "we", "should", "cache", "common", "prompts", "retry", "after", "errors", "with", "backoff", "it",
        "also", "helps", "keep", "usage", "low", "under", "peak", "traffic", "results", "stay", "stable",
        "over", "time", "so", "plan", "ahead", "check", "limits", "first", "then", "scale", "out"
    };

    /** A finished answer: the text, its token count and why generation ended ("stop" or "length"). */
    record Answer(String content, int completionTokens, String finishReason, long hash) {
    }

    Answer answer(ChatRequest request) {
        long hash = promptHash(request.model(), request.messages());
        List<String> pieces = naturalPieces(request, hash);

        StringBuilder content = new StringBuilder();
        int tokens = 0;
        String finishReason = "stop";
        for (String piece : pieces) {
            int pieceTokens = TokenCounter.count(piece);
            if (request.maxTokens() != null && tokens + pieceTokens > request.maxTokens()) {
                finishReason = "length";
                break;
            }
            content.append(piece);
            tokens += pieceTokens;
        }
        String text = content.toString();
        // Applying stop after the cap is equivalent to stopping during generation: a stop sequence that lies
        // beyond the cap would never have been produced.
        int stopAt = firstStop(text, request.stop());
        if (stopAt >= 0) {
            text = text.substring(0, stopAt);
            finishReason = "stop";
        }
        return new Answer(text, TokenCounter.count(text), finishReason, hash);
    }

    static long promptHash(String model, List<ChatMessage> messages) {
        List<String> parts = new ArrayList<>(1 + messages.size() * 2);
        parts.add(model);
        for (ChatMessage m : messages) {
            parts.add(m.role());
            parts.add(m.content());
        }
        return Hashing.hash64(parts.toArray(String[]::new));
    }

    /**
     * Pieces each start with a space or punctuation so token counts add up piece by piece, which lets the
     * max_tokens cap cut exactly on a token boundary.
     */
    private static List<String> naturalPieces(ChatRequest request, long hash) {
        SplittableRandom random = new SplittableRandom(hash);
        int target = MIN_TOKENS + random.nextInt(MAX_TOKENS - MIN_TOKENS + 1);
        List<String> pieces = new ArrayList<>();
        pieces.add("Simulated");
        pieces.add(" answer");
        pieces.add(" from");
        pieces.add(" " + request.model());
        pieces.add(":");
        List<String> questionWords = questionWords(request.messages());
        if (!questionWords.isEmpty()) {
            pieces.add(" about");
            questionWords.forEach(w -> pieces.add(" " + w));
            pieces.add(",");
        }
        int tokens = pieces.stream().mapToInt(TokenCounter::count).sum();
        int sentenceLeft = 6 + random.nextInt(9);
        boolean sentenceStart = questionWords.isEmpty();
        while (tokens < target - 1) { // leave room for the final period
            String word = VOCABULARY[random.nextInt(VOCABULARY.length)];
            if (sentenceStart) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                sentenceStart = false;
            }
            pieces.add(" " + word);
            tokens += TokenCounter.count(word);
            if (--sentenceLeft == 0 && tokens < target - 2) {
                pieces.add(".");
                tokens++;
                sentenceLeft = 6 + random.nextInt(9);
                sentenceStart = true;
            }
        }
        pieces.add(".");
        return pieces;
    }

    /** The first words of the last user message, so the answer visibly relates to the question. */
    private static List<String> questionWords(List<ChatMessage> messages) {
        String question = "";
        for (ChatMessage m : messages) {
            if ("user".equals(m.role())) {
                question = m.content();
            }
        }
        List<String> words = new ArrayList<>(QUESTION_WORDS);
        Matcher matcher = WORD.matcher(question);
        while (words.size() < QUESTION_WORDS && matcher.find()) {
            words.add(matcher.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    private static int firstStop(String text, List<String> stops) {
        int first = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
