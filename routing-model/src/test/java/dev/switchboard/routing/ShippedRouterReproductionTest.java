package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Retrains the router with the README's command on the shared data and checks the weights, biases and held-out
 * figures are the shipped ones (the date differs). The shipped router reads prompt features only (no embedding), so
 * this is a fit of 10,587 prompts (seconds of CPU): only with {@code -Dswitchboard.eval=true}.
 */
@EnabledIfSystemProperty(named = "switchboard.eval", matches = "true")
class ShippedRouterReproductionTest {
    @Test
    void shouldReproduceTheShippedWeights() {
        Path data = Path.of(System.getProperty("switchboard.shared.data", "../shared/data"), "routing", "routellm-mmlu");
        Assumptions.assumeTrue(Files.isDirectory(data), "RouteLLM MMLU labels not found at " + data);
        TrainRouterCommand.Options options = TrainRouterCommand.Options.parse(new String[] {"--data", data.toString(),
            "--out", "target/mmlu-router-reproduced.json", "--holdout-fraction", "0.25", "--seed", "7",
            "--model", "BGE_SMALL_EN_V15_Q", "--features", "task"});
        LearnedRouter shipped = LearnedRouter.loadDefault(OnnxEmbedder.of(EmbeddingModel.BGE_SMALL_EN_V15_Q));

        TrainRouterCommand.Summary trained = new TrainRouterCommand().run(options, OnnxEmbedder.of(options.model()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(trained.router().weights()).isEqualTo(shipped.weights());
        assertThat(trained.router().bias()).isEqualTo(shipped.bias());
        assertThat(trained.router().metadata().heldOutAuc()).isEqualTo(shipped.metadata().heldOutAuc());
        assertThat(trained.heldOutEvaluation().apgr()).isBetween(0.765, 0.770);
    }
}
