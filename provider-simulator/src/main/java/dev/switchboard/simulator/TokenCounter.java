package dev.switchboard.simulator;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Approximate tokenizer, used for both prompt and completion so usage numbers are self-consistent.
 *
 * <p>Rule: the text is split into runs of letters/digits and single punctuation characters (whitespace is
 * free). Each punctuation character is one token; a letter/digit run of length n is {@code 1 + (n - 1) / 6}
 * tokens (words up to 6 characters are one token, longer words are split, like BPE does). This lands near the
 * usual "about 1.3 tokens per English word".
 *
 * <p>Chat prompts add OpenAI's framing overhead: {@value #TOKENS_PER_MESSAGE} tokens per message (role and
 * delimiters) plus {@value #REPLY_PRIMING_TOKENS} tokens priming the assistant reply.
 */
public final class TokenCounter {

    public static final int TOKENS_PER_MESSAGE = 4;
    public static final int REPLY_PRIMING_TOKENS = 3;
    private static final Pattern PIECE = Pattern.compile("[\\p{L}\\p{N}]+|[^\\p{L}\\p{N}\\s]");

    private TokenCounter() {
    }

    /** Tokens in a plain text. Counts are additive over pieces split at whitespace or punctuation. */
    public static int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int tokens = 0;
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            int length = m.end() - m.start();
            boolean word = Character.isLetterOrDigit(text.codePointAt(m.start()));
            tokens += word ? 1 + (length - 1) / 6 : 1;
        }
        return tokens;
    }

    /** Prompt tokens of a chat request, including per-message and reply-priming overhead. */
    public static int countPrompt(List<ChatMessage> messages) {
        int tokens = REPLY_PRIMING_TOKENS;
        for (ChatMessage message : messages) {
            tokens += TOKENS_PER_MESSAGE + count(message.content());
        }
        return tokens;
    }
}
