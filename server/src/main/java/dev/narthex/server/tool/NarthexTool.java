package dev.narthex.server.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code narthex-tool}, the counterpart of promtool. Each command group is a picocli subcommand class
 * ({@code tsdb}, {@code check}); the exit code is 0 on success and 1 on any error, usage errors included, as
 * with promtool.
 */
@Command(name = "narthex-tool", mixinStandardHelpOptions = true,
        description = "Tooling for the Narthex monitoring system.",
        subcommands = {CheckCommand.class, QueryCommand.class, TestCommand.class, TsdbCommand.class})
public final class NarthexTool implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the tool and returns its exit code (for tests and embedding). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new NarthexTool());
        cl.setExitCodeExceptionMapper(e -> 1);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("narthex-tool: error: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a command");
    }
}
