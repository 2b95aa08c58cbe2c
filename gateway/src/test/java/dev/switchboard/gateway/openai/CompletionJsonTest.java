package dev.switchboard.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chunks of a stream: the role first (before any answer), then the answer's pieces that add up to it. */
class CompletionJsonTest {
    private static final String CONTENT = "A gateway sits between callers and providers and decides where each call goes.";

    @Test
    void shouldOpenAStreamWithTheRoleUnderTheRequestsIdAndTheModelAskedFor() {
        ObjectNode role = CompletionJson.roleChunk("r1", "auto", 1_700_000_000L);

        assertThat(role.path("id").asText()).isEqualTo("chatcmpl-r1");
        assertThat(role.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(role.path("model").asText()).isEqualTo("auto");
        assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(role.at("/choices/0/finish_reason").isNull()).isTrue();
    }

    @Test
    void shouldCarryTheWholeAnswerAfterTheRoleThenFactsThenUsage() {
        LlmResponse answer = Responses.base("r1", "acme", ResponseStatus.OK, Instant.EPOCH).setModel("sim/small").setContent(CONTENT)
                .setUsage(new Usage(12, 30, 0, 0)).build();

        List<ObjectNode> chunks = CompletionJson.answerChunks(answer, true);

        StringBuilder content = new StringBuilder();
        chunks.forEach(c -> content.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(content.toString()).isEqualTo(CONTENT);
        assertThat(chunks).as("the role went first, before the answer").allSatisfy(c -> assertThat(c.at("/choices/0/delta/role").isMissingNode()).isTrue());
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("id").asText()).isEqualTo("chatcmpl-r1"));
        ObjectNode last = chunks.get(chunks.size() - 2);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(last.at("/switchboard/model").asText()).isEqualTo("sim/small");
        assertThat(chunks.get(chunks.size() - 1).at("/usage/total_tokens").asInt()).isEqualTo(42);
    }
}
