package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Pins the lane's {@code describe()}: every step's name, where it sends records and which stores it owns. Names
 * become store, changelog and consumer-group names, so a change here is a change operators see.
 */
class RouterTopologyDescriptionTest {
    private final RouterConfig config = new RouterConfig(List.of("sim/small"), Duration.ofHours(24), Duration.ofMinutes(2), 10_000,
            new TenantPolicy(Set.of(), "sim/small", "sim/small", List.of(), Duration.ofHours(1), 0.8, 1.0, null), Map.of(), Map.of());

    @Test
    void shouldPinEveryStepItsSuccessorsAndTheStoresItOwns() {
        TopologyDescription description = RouterTopology.build(config, ModelCatalog.loadDefault(), SwitchboardSerdes.forUrl("mock://describe-test"),
                Optional.of(new WordHashEmbedder()), Optional.empty(), RouterListeners.NONE, Tier.INTERACTIVE).describe();

        Map<String, String> nodes = new TreeMap<>();
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                String next = node.successors().stream().map(TopologyDescription.Node::name).sorted().collect(Collectors.joining(","));
                String stores = node instanceof TopologyDescription.Processor p ? String.join(",", new TreeSet<>(p.stores())) : "";
                String topics = node instanceof TopologyDescription.Source s ? String.valueOf(s.topicSet()) : "";
                nodes.put(node.name(), topics + " -> [" + next + "] stores [" + stores + "]");
            }
        }

        assertThat(nodes).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("requests-source", "[llm.requests.interactive] -> [request-intake] stores []"),
                Map.entry("request-intake", " -> [dlq-sink,reply,request-admission,requests-rekey-sink] stores []"),
                Map.entry("request-admission", " -> [budget-leases-sink,reply,request-dedup] stores [admission-asks,admission-leases,admission-parked,key-scopes]"),
                Map.entry("admission-grants", " -> [budget-leases-sink,reply,request-dedup] stores [admission-asks,admission-leases,admission-parked]"),
                Map.entry("request-dedup", " -> [cache-lookup,reply] stores [dedup-store]"),
                Map.entry("cache-lookup", " -> [cache-usage-sink,cache-verdicts-sink,coalesce,reply] stores [cache-generations,exact-cache-store,semantic-embed-queue,semantic-lsh,semantic-questions]"),
                Map.entry("coalesce", " -> [route] stores [inflight-store]"),
                Map.entry("route", " -> [budget-reserve] stores [key-scopes]"),
                Map.entry("budget-reserve", " -> [budget-leases-sink,coalesce-lead,reply] stores [budget-asks,budget-leases,budget-parked,budget-reservations,inflight-store]"),
                Map.entry("budget-grants-source", "[llm.budget-grants] -> [admission-grants,budget-grants] stores []"),
                Map.entry("budget-grants", " -> [budget-leases-sink,coalesce-lead,reply] stores [budget-asks,budget-leases,budget-parked,budget-reservations,inflight-store]"),
                Map.entry("coalesce-lead", " -> [routes-sink] stores [inflight-store]"),
                Map.entry("cache-fill-source", "[llm.cache-fill] -> [answer] stores []"),
                Map.entry("answer", " -> [cache-usage-sink,cache-verdicts-sink,reply,route] stores [budget-leases,budget-reservations,exact-cache-store,inflight-store,"
                        + "semantic-lsh,semantic-questions]"),
                Map.entry("reply", " -> [replies-sink] stores [dedup-store]"),
                Map.entry("cache-control-source", "[llm.cache-control] -> [cache-invalidation] stores []"),
                Map.entry("cache-invalidation", " -> [] stores [cache-generations]"),
                Map.entry("routes-sink", " -> [] stores []"),
                Map.entry("budget-leases-sink", " -> [] stores []"),
                Map.entry("replies-sink", " -> [] stores []"),
                Map.entry("dlq-sink", " -> [] stores []"),
                Map.entry("cache-usage-sink", " -> [] stores []"),
                Map.entry("requests-rekey-sink", " -> [] stores []"),
                Map.entry("cache-verdicts-sink", " -> [] stores []")));
        assertThat(description.subtopologies()).as("requests, answers and grants share the tenant's stores").hasSize(1);
        assertThat(description.globalStores()).as("governance keys and policies, each bounded tenant's cut").hasSize(3);
        assertThat(description.toString()).doesNotContain("KSTREAM-");
    }
}
