package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.launcher.config.SwitchboardConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OpenRouterGuardTest {
    private static final SwitchboardConfig ON_A_CLUSTER = SwitchboardConfig.load(null).withBootstrapServers("127.0.0.1:1");

    @Test
    void shouldRefuseARouterOnAClusterWithoutGovernanceAndSayWhatToDo() {
        var refusal = OpenRouterGuard.refusal(ON_A_CLUSTER, EnumSet.of(Component.ROUTER), false);

        assertThat(refusal).hasValueSatisfying(message -> assertThat(message)
                .contains("without a governance file").contains("--governance FILE").contains("--open").contains("every tenant would be open"));
    }

    @Test
    void shouldStartWhenOpenOnPurposeOrGovernedOrEmbeddedOrNoRouter() {
        var governed = ON_A_CLUSTER.withGovernance(new SwitchboardConfig.GovernanceSettings(Path.of("ops/governance.yaml"), null));

        assertThat(OpenRouterGuard.refusal(ON_A_CLUSTER, EnumSet.of(Component.ROUTER), true)).isEmpty();
        assertThat(OpenRouterGuard.refusal(governed, EnumSet.of(Component.ROUTER), false)).isEmpty();
        assertThat(OpenRouterGuard.refusal(SwitchboardConfig.load(null), EnumSet.allOf(Component.class), false))
                .as("the embedded demo runs open").isEmpty();
        assertThat(OpenRouterGuard.refusal(ON_A_CLUSTER, EnumSet.of(Component.WORKER, Component.COST), false)).isEmpty();
        assertThat(OpenRouterGuard.refusal(ON_A_CLUSTER, EnumSet.allOf(Component.class), false)).as("up on a cluster runs a router").isPresent();
    }

    @Test
    void shouldExitWithTheExplanationBeforeConnectingAnywhere() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = SwitchboardCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));

        int status = commandLine.execute("router", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("switchboard: refusing to start a router on 127.0.0.1:1 without a governance file")
                .contains("--open");
    }
}
