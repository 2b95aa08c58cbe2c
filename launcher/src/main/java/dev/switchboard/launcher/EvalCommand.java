package dev.switchboard.launcher;

import picocli.CommandLine.Command;

/** {@code switchboard eval ...}: measurements against published data. */
@Command(name = "eval", description = "Measure the gateway's decisions against labelled public data.",
        subcommands = {EvalCacheCommand.class, RouterModelCommands.Eval.class})
final class EvalCommand {
}
