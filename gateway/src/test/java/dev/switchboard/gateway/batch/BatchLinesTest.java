package dev.switchboard.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.openai.ErrorMapping;
import dev.switchboard.schemas.ErrorInfo;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchLinesTest {
    @Test
    void shouldReadValidLinesAndSayWhyOthersCannotRun() {
        List<BatchLines.InputLine> lines = BatchLines.parse("""
                {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"sim/small","messages":[]}}

                {"custom_id":"b","method":"POST","url":"/v1/embeddings","body":{}}
                not json
                {"method":"POST","url":"/v1/chat/completions","body":{}}
                """);
        assertThat(lines).extracting(BatchLines.InputLine::line).containsExactly(1, 2, 3, 4);
        assertThat(lines.get(0).valid()).isTrue();
        assertThat(lines.get(0).body().path("model").asText()).isEqualTo("sim/small");
        assertThat(lines.get(1).problem()).contains("only POST /v1/chat/completions");
        assertThat(lines.get(2).problem()).contains("not valid JSON");
        assertThat(lines.get(3).problem()).contains("no custom_id");
    }

    @Test
    void shouldWriteOpenAisBatchOutputLines() {
        var ok = BatchLines.answered("a", Responses.base("batch_1-1", "acme", ResponseStatus.OK, Instant.EPOCH).setContent("hi").build());
        assertThat(ok.path("custom_id").asText()).isEqualTo("a");
        assertThat(ok.at("/response/status_code").asInt()).isEqualTo(200);
        assertThat(ok.at("/response/body/choices/0/message/content").asText()).isEqualTo("hi");
        assertThat(ok.path("error").isNull()).isTrue();

        var refusal = Responses.base("batch_1-2", "acme", ResponseStatus.REJECTED, Instant.EPOCH)
                .setError(new ErrorInfo("unknown_model", "no such model")).build();
        var refused = BatchLines.refused("b", "batch_1-2", new ErrorMapping(Duration.ofSeconds(1)).of(refusal));
        assertThat(refused.at("/response/status_code").asInt()).isEqualTo(404);
        assertThat(refused.at("/response/body/error/code").asText()).isEqualTo("model_not_found");

        var invalid = BatchLines.invalid("batch_1", new BatchRecord.InvalidLine(3, null, "line 3 is not valid JSON"));
        assertThat(invalid.path("response").isNull()).isTrue();
        assertThat(invalid.at("/error/message").asText()).isEqualTo("line 3 is not valid JSON");
    }
}
