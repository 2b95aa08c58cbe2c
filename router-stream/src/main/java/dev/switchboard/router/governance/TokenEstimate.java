package dev.switchboard.router.governance;

import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.LlmRequest;
import java.nio.charset.StandardCharsets;

/** Token counts known before a call: a likely figure for limits, and a bound that can not be exceeded for budgets. */
public final class TokenEstimate {
    private static final int CHARS_PER_TOKEN = 4;
    /** Role and separator tokens each message adds. */
    private static final int PER_MESSAGE = 8;
    /** Anthropic's and OpenAI's high-detail charge for one image stays under this for the models the catalog prices per token. */
    private static final int PER_IMAGE = 2_000;

    private TokenEstimate() {
    }

    /** Prompt tokens as providers' own estimators count them (about four characters a token). */
    public static long likelyPrompt(LlmRequest request) {
        long tokens = 0;
        for (ChatMessage message : request.getMessages()) {
            tokens += (message.getContent().length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN + PER_MESSAGE + (long) PER_IMAGE * message.getImages().size();
        }
        return tokens;
    }

    /** The most prompt tokens the request can be billed: a byte-level BPE token never covers less than one UTF-8 byte. */
    public static long mostPrompt(LlmRequest request) {
        long tokens = 0;
        for (ChatMessage message : request.getMessages()) {
            tokens += message.getContent().getBytes(StandardCharsets.UTF_8).length + PER_MESSAGE + (long) PER_IMAGE * message.getImages().size();
            if (message.getName() != null) {
                tokens += message.getName().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return tokens;
    }

    /** Output the request may produce: its max_tokens, or the policy's default when it sets none. */
    public static long output(LlmRequest request, int defaultMaxTokens) {
        Integer max = request.getParams().getMaxTokens();
        return max != null ? max : defaultMaxTokens;
    }

    /** What rate limits and token caps count for a request: likely prompt plus its output allowance (as providers count TPM). */
    public static long requested(LlmRequest request, int defaultMaxTokens) {
        return likelyPrompt(request) + output(request, defaultMaxTokens);
    }
}
