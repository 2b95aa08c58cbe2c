package dev.switchboard.launcher;

import dev.switchboard.launcher.governance.GovernanceFile;
import dev.switchboard.launcher.governance.GovernancePublisher;
import dev.switchboard.router.governance.VirtualKeyHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Issuing keys and publishing the governance file to a cluster whose processes run without one. */
final class GovernanceCommands {

    private GovernanceCommands() {
    }

    @Command(name = "keys", description = "Issue virtual keys.", subcommands = NewKey.class)
    static final class Keys {
    }

    @Command(name = "new", description = "Make a new virtual key: prints the key once, and the entry (with its SHA-256 only) for the governance file.")
    static final class NewKey implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "the key's name, used in attribution and answers")
        String id;

        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--team")
        String team;

        @Option(names = "--project")
        String project;

        @Option(names = "--user", description = "a key for one person: their requests are attributed to them")
        String user;

        @Override
        public Integer call() {
            String key = dev.switchboard.launcher.governance.AdminKey.newSecret("sk-sb-");
            System.out.println("key (shown once; give it to its holder, it is stored nowhere): " + key);
            System.out.println();
            System.out.println("add under keys: in the governance file");
            System.out.println("  - id: " + id);
            System.out.println("    tenant: " + tenant);
            if (team != null) {
                System.out.println("    team: " + team);
            }
            if (project != null) {
                System.out.println("    project: " + project);
            }
            if (user != null) {
                System.out.println("    user: " + user);
            }
            System.out.println("    sha256: " + VirtualKeyHash.sha256Hex(key));
            return 0;
        }
    }

    @Command(name = "apply-governance", description = "Validate a governance file and publish it to llm.keys and llm.policies once (processes started with --governance watch it themselves).")
    static final class Apply implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--file", required = true)
        Path file;

        @Override
        public Integer call() throws Exception {
            GovernanceFile governance = GovernanceFile.parse(Files.readAllBytes(file));
            try (GovernancePublisher publisher = new GovernancePublisher(cluster.bootstrapServers, cluster.serdes())) {
                GovernancePublisher.Published published = publisher.publish(governance);
                System.out.println("published " + file + " as version " + published.version() + ": " + governance.keys().size() + " keys, "
                        + governance.tenants().size() + " tenant policies");
            }
            return 0;
        }
    }
}
