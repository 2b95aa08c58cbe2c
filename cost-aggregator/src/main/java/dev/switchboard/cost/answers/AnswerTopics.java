package dev.switchboard.cost.answers;

import dev.switchboard.schemas.Topics;
import java.util.regex.Pattern;

/**
 * Where terminal answers are read from: llm.responses, and every reply topic named {@code llm.replies.<anything>}
 * (the gateway's and clients' own reply topics). A request's {@code reply_to} may name any topic, and the aggregator
 * cannot know them all in advance: a reply topic outside this prefix is answered but not counted on the dashboard.
 */
public final class AnswerTopics {
    public static final Pattern PATTERN =
            Pattern.compile(Pattern.quote(Topics.RESPONSES) + "|" + Pattern.quote(Topics.REPLIES_PREFIX) + ".+");

    private AnswerTopics() {
    }
}
