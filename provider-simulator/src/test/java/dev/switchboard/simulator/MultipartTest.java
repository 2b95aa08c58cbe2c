package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartTest {

    @Test
    void parsesFieldsAndFilesWithAQuotedBoundary() throws Exception {
        String body = "preamble\r\n--abc\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\u00e4tch.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n{\"a\":1}\r\n{\"b\":\"\u00fc\"}\r\n--abc--\r\n";

        Multipart form = Multipart.parse("multipart/form-data; boundary=\"abc\"", body.getBytes(StandardCharsets.UTF_8));

        assertThat(form.parts()).hasSize(2);
        assertThat(form.part("purpose").orElseThrow().text()).isEqualTo("batch");
        Multipart.Part file = form.part("file").orElseThrow();
        assertThat(file.filename()).isEqualTo("b\u00e4tch.jsonl");
        assertThat(file.contentType()).isEqualTo("application/jsonl");
        assertThat(file.text()).isEqualTo("{\"a\":1}\r\n{\"b\":\"\u00fc\"}");
    }

    @Test
    void rejectsMissingBoundaryAndTruncatedBodies() {
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data", new byte[0])).hasMessageContaining("boundary");
        assertThatThrownBy(() -> Multipart.parse("application/json", new byte[0])).hasMessageContaining("multipart");
        byte[] truncated = "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data; boundary=x", truncated)).hasMessageContaining("truncated");
    }

    @Test
    void jsonlSkipsBlankLinesAndKeepsLineNumbers() {
        assertThat(Jsonl.lines("a\n\n b\r\nc\n".getBytes(StandardCharsets.UTF_8)))
                .extracting(l -> l.number() + ":" + l.text().trim())
                .containsExactly("1:a", "3:b", "4:c");
    }
}
