package dev.switchboard.launcher;

import dev.switchboard.routing.EvalRouterCommand;
import dev.switchboard.routing.TrainRouterCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code switchboard train router} and {@code switchboard eval router}: the learned complexity router's commands. */
final class RouterModelCommands {
    private RouterModelCommands() {
    }

    @Command(name = "router", description = "Train the complexity router on labelled prompts, split by subject "
            + "(--data DIR --out FILE [--holdout-fraction 0.25 | --holdout-subjects stem|humanities|social_sciences|other|a,b] [--seed 7] "
            + "[--holdout-out FILE] [--features task|prompt|embedding_and_prompt] [--model ...]).")
    static final class Train implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return new TrainRouterCommand().run(args.toArray(String[]::new), System.out);
        }
    }

    @Command(name = "router", description = "Quality against strong-model share for the learned router and a random one, and the "
            + "average gap recovered (--data FILE [--router FILE] [--model ...]).")
    static final class Eval implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return new EvalRouterCommand().run(args.toArray(String[]::new), System.out);
        }
    }

    @Command(name = "train", description = "Train the gateway's learned models.", subcommands = {Train.class, TrainVerifierCommand.class})
    static final class TrainGroup {
    }
}
