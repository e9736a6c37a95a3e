package dev.narthex.server.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code narthex-tool tsdb ...}: commands that work on a TSDB directory. */
@Command(name = "tsdb", mixinStandardHelpOptions = true, description = "Run tsdb commands.",
        subcommands = {CreateBlocksFromCommand.class})
final class TsdbCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a tsdb command");
    }
}
