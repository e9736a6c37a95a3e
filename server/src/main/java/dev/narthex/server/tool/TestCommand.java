package dev.narthex.server.tool;

import dev.narthex.engine.RuleUnitTester;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code narthex-tool test rules TEST.yml...}: promtool's rule unit tests, same report and exit code. */
@Command(name = "test", mixinStandardHelpOptions = true, description = "Unit testing.",
        subcommands = {TestCommand.Rules.class})
final class TestCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a test command");
    }

    @Command(name = "rules", mixinStandardHelpOptions = true, description = "Unit tests for rules.")
    static final class Rules implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "test-rule-file", description = "The unit test file.")
        List<String> files;

        @Override
        public Integer call() {
            List<Path> paths = new ArrayList<>();
            files.forEach(f -> paths.add(Path.of(f)));
            // RuleUnitTester writes promtool's report to the process streams, as promtool does
            return new RuleUnitTester(System.out, System.err).run(paths);
        }
    }
}
