package dev.switchboard.launcher;

import dev.switchboard.launcher.demo.DemoRunner;
import dev.switchboard.launcher.governance.AdminKey;
import dev.switchboard.simulator.Fault;
import dev.switchboard.simulator.FaultKind;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code switchboard} command line. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0",
        description = "An LLM gateway built as a Kafka pipeline: produce to llm.requests, consume llm.responses.",
        subcommands = {SwitchboardCommand.Up.class, SwitchboardCommand.Demo.class, SwitchboardCommand.Router.class,
                SwitchboardCommand.Worker.class, SwitchboardCommand.Cost.class, SwitchboardCommand.Gateway.class, SwitchboardCommand.SimulateProvider.class,
                ClientCommands.Send.class, ClientCommands.Tail.class, ClientCommands.InvalidateCache.class, GovernanceCommands.Keys.class, GovernanceCommands.Apply.class, ClusterCommands.class, ChaosCommand.class, EvalCommand.class, RouterModelCommands.TrainGroup.class, BenchCommand.class})
public final class SwitchboardCommand {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with failures reported as one line on stderr and exit status 1. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SwitchboardCommand());
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            cmd.getErr().println("switchboard: " + error.getMessage());
            return 1;
        });
        return commandLine;
    }

    /** Runs until the JVM is asked to stop, then closes everything in reverse order. */
    static int runUntilStopped(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("switchboard: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "switchboard-shutdown"));
        stopped.await();
        return 0;
    }

    static int runComponents(ConfigOptions options, Set<Component> components, String command) throws InterruptedException {
        var config = command == null ? options.load() : options.loadForCluster(command);
        var refusal = OpenRouterGuard.refusal(config, components, options.open);
        if (refusal.isPresent()) {
            throw new IllegalArgumentException(refusal.get());
        }
        SwitchboardSystem system = SwitchboardSystem.start(config, components);
        System.out.println("switchboard: " + components + " running on Kafka " + system.bootstrapServers());
        system.registryUri().ifPresent(r -> System.out.println("  schema registry (in-memory, Confluent REST API): " + r));
        system.simulator().ifPresent(s -> System.out.println("  simulated provider (no provider configured): " + s.baseUri()));
        system.gateway().ifPresent(g -> System.out.println("  OpenAI-compatible API (base_url): " + g.baseUri()));
        system.cost().ifPresent(c -> System.out.println("  cost API: " + c.queryUri().resolve("/api/tenants/") + "<tenant>/windows?size=1m"));
        system.cost().ifPresent(c -> System.out.println("  cost dashboard: " + c.queryUri().resolve("/dashboard")));
        system.adminKey().filter(admin -> system.cost().isPresent() || system.gateway().isPresent()).ifPresent(admin -> System.out.println(admin.fresh()
                ? "  admin key (new for this run, shown once; set " + AdminKey.ENV + " or governance.adminKeyFile to keep one): " + admin.key()
                        + "\n  cost dashboard as admin: " + system.cost().map(c -> c.queryUri().resolve("/dashboard") + "#key=" + admin.key()).orElse("-")
                : "  admin key: from " + admin.source() + " (open the dashboard as /dashboard#key=<admin key>)"));
        System.out.println("  governance: " + (config.governance().file() == null ? "none (every tenant open; --governance FILE)" : config.governance().file() + " (reloaded on change)"));
        system.metrics().ifPresent(m -> System.out.println("  metrics: http://" + config.metrics().host() + ":" + m.port() + "/metrics"));
        System.out.println("  produce to llm.requests, consume llm.responses; Ctrl-C stops");
        return runUntilStopped(system);
    }

    @Command(name = "up", description = "Start everything in this JVM: embedded broker (unless --bootstrap-servers), router, workers, cost aggregator, HTTP gateway, simulated provider (unless a provider is configured).")
    static final class Up implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            return runComponents(options, EnumSet.allOf(Component.class), null);
        }
    }

    @Command(name = "demo", description = "Start everything, publish a sample workload, wait for every answer and print what it cost.")
    static final class Demo implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--requests", defaultValue = "300", description = "Fresh requests in the first wave (default ${DEFAULT-VALUE})")
        int requests;

        @Option(names = "--seed", defaultValue = "7", description = "Workload seed (default ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            return new DemoRunner(options.load(), requests, seed, System.out).run();
        }
    }

    /** One component alone against an existing cluster; the subclasses only say which. */
    abstract static class ComponentCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        private final Component component;

        ComponentCommand(Component component) {
            this.component = component;
        }

        @Override
        public Integer call() throws Exception {
            return runComponents(options, EnumSet.of(component), component.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Command(name = "router", description = "Run the router stream alone against a Kafka cluster.")
    static final class Router extends ComponentCommand {
        Router() {
            super(Component.ROUTER);
        }
    }

    @Command(name = "worker", description = "Run a worker pool alone against a Kafka cluster (the simulated provider if none is configured).")
    static final class Worker extends ComponentCommand {
        Worker() {
            super(Component.WORKER);
        }
    }

    @Command(name = "cost", description = "Run the cost aggregator alone against a Kafka cluster.")
    static final class Cost extends ComponentCommand {
        Cost() {
            super(Component.COST);
        }
    }

    @Command(name = "gateway", description = "Run the OpenAI-compatible HTTP gateway alone against a Kafka cluster (port: gateway.port or --gateway-port).")
    static final class Gateway extends ComponentCommand {
        Gateway() {
            super(Component.GATEWAY);
        }
    }

    @Command(name = "simulate-provider", description = "Run the simulated OpenAI-compatible provider alone.")
    static final class SimulateProvider implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "8090", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--latency-scale", defaultValue = "1.0", description = "Multiplies every model's latency (default ${DEFAULT-VALUE})")
        double latencyScale;

        @Option(names = "--fault", description = "model:KIND:probability, e.g. '*:SERVER_ERROR:0.05' or 'sim/large:RATE_LIMIT:0.2'; repeatable")
        List<String> faults = List.of();

        @Override
        public Integer call() throws Exception {
            List<Fault> parsed = faults.stream().map(SimulateProvider::fault).toList();
            SimulatedProvider simulator = SimulatedProvider.start(SimulatorConfig.defaults().withPort(port).withLatencyScale(latencyScale)
                    .withFaults(parsed));
            System.out.println("simulated provider at " + simulator.baseUri() + " (POST /chat/completions, GET /models); Ctrl-C stops");
            return runUntilStopped(simulator);
        }

        private static Fault fault(String spec) {
            int last = spec.lastIndexOf(':');
            int middle = spec.lastIndexOf(':', last - 1);
            if (middle <= 0) {
                throw new IllegalArgumentException("--fault must be model:KIND:probability, got " + spec);
            }
            return new Fault(spec.substring(0, middle), FaultKind.valueOf(spec.substring(middle + 1, last)),
                    Double.parseDouble(spec.substring(last + 1)), null);
        }
    }
}
