package dev.switchboard.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.worker.RoutedRequestsAccess;
import dev.switchboard.worker.WorkerConfig;
import dev.switchboard.worker.WorkerPool;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The batch tier end to end: share group, the simulator's OpenAI Batch API, the jobs topic, answers at batch prices. */
class BatchTierTest {
    private static final String MODEL = "sim/small";

    @Test
    void shouldAnswerBatchTierRequestsThroughTheBatchApiAtBatchPrices() {
        SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://batch-tier-test");
        CostCalculator costs = new CostCalculator(ModelCatalog.loadDefault());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults());
             SimulatedProvider simulator = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.1)
                     .withBatchCompletion(Duration.ofSeconds(10)))) {
            FaultKit kit = new FaultKit(broker, serdes, List.of(MODEL), "batch-test");
            List<RoutedRequest> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RoutedRequest routed = RoutedRequestsAccess.of("batch-" + i, "acme", MODEL, "Batch question " + i);
                routed.setTier(Tier.BATCH);
                requests.add(routed);
            }
            kit.publish(requests);
            Deployments deployments = new Deployments(List.of(new Deployments.Deployment(MODEL,
                    new OpenAiCompatibleProvider("simulator", simulator.baseUri(), Optional.empty(), Duration.ofSeconds(2)), MODEL)));
            WorkerConfig config = WorkerConfig.defaults(List.of(MODEL)).withGroup("batch-test");
            WorkerPool.Runtime runtime = WorkerPool.Runtime.create(deployments, costs, serdes, kit.client(), Clock.systemUTC(),
                    new SimpleMeterRegistry(), config.resilience());

            try (WorkerPool pool = WorkerPool.start(config, runtime)) {
                List<LlmResponse> answers = kit.awaitWritten("batch-reader", w -> w.responses().size() >= 10, Duration.ofSeconds(60)).responses();

                assertThat(answers).hasSize(10).allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK);
                    assertThat(r.getSimulated()).isTrue();
                    var usage = r.getUsage();
                    assertThat(r.getCost()).as("priced at the batch rate")
                            .isEqualTo(costs.cost(MODEL, usage.getInputTokens(), usage.getCachedInputTokens(), usage.getOutputTokens(), true).amount())
                            .isLessThan(costs.cost(MODEL, usage.getInputTokens(), usage.getCachedInputTokens(), usage.getOutputTokens(), false).amount());
                });
                assertThat(answers.stream().map(LlmResponse::getRequestId).distinct()).hasSize(10);
                assertThat(simulator.stats().batchesCreated()).isPositive();
                assertThat(simulator.stats().batchLineCalls()).isEqualTo(10);
                assertThat(simulator.stats().requestsReceived()).as("no synchronous calls").isZero();
            }
        }
    }
}
