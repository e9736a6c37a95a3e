package dev.narthex.server.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code narthex-tool check ...}: validation commands. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check the resources for validity.",
        subcommands = {CheckConfigCommand.class})
final class CheckCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a check command");
    }
}
