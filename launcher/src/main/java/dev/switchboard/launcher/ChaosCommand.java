package dev.switchboard.launcher;

import dev.switchboard.launcher.chaos.ChaosReport;
import dev.switchboard.launcher.chaos.ChaosRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard chaos --seconds N}: the whole system as separate processes on a real cluster, under failures. */
@Command(name = "chaos", description = "Start a 3-broker cluster, two routers, two workers and the cost aggregator as separate JVMs, "
        + "send a steady mixed load, and meanwhile SIGKILL and restart the leader of llm.requests, a router and a worker (at random "
        + "crash points). Waits for every answer; the last line is requests=N answered=N duplicates=D lost=L totals_match=B max_stall_ms=S. "
        + "Exits 1 unless every request has exactly one answer and the aggregator's totals equal the answers'.")
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "120", description = "How long the load runs (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--rate", defaultValue = "10", description = "Records per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seed", defaultValue = "7", description = "Workload and crash seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data-dir", description = "Where the cluster, configs and component logs go (default: a new temporary directory, kept)")
    Path dataDir;

    @Option(names = "--drain-timeout", defaultValue = "PT5M", description = "How long to wait for the last answers after the load (default ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("switchboard-chaos-");
        ChaosReport report = ChaosRun.run(new ChaosRun.Settings(seconds, rate, seed, dir, drainTimeout), System.out);
        System.out.println(report.lastLine());
        return report.passed() ? 0 : 1;
    }
}
