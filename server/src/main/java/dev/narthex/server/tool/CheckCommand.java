package dev.narthex.server.tool;

import dev.narthex.engine.rules.RuleFileException;
import dev.narthex.engine.rules.RuleFileParser;
import dev.narthex.engine.rules.RuleFiles;
import dev.narthex.engine.rules.RuleGroupSpec;
import dev.narthex.engine.rules.RuleLint;
import dev.narthex.server.config.ConfigException;
import dev.narthex.server.config.ConfigParser;
import dev.narthex.server.config.PrometheusConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code narthex-tool check config|rules FILE...} with promtool's output: progress and successes on stdout,
 * {@code FAILED} and the errors on stderr, exit code 1 when a file has errors. The duplicate-rule lint
 * is reported but, as promtool without {@code --lint-fatal}, does not fail the check.
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check the resources for validity.",
        subcommands = {CheckCommand.Config.class, CheckCommand.Rules.class})
final class CheckCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a check command");
    }

    /** Outcome of checking files: whether anything was reported and whether a real (non-lint) error was. */
    private static final class Outcome {
        boolean failed;
        boolean hasErrors;

        int exitCode() {
            return failed && hasErrors ? 1 : 0;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = "Check if the config files are valid or not.")
    static final class Config implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "config-files", description = "The config files to check.")
        List<String> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Outcome outcome = new Outcome();
            for (String f : files) {
                out.println("Checking " + f);
                List<Path> ruleFiles;
                try {
                    ruleFiles = ruleFiles(Path.of(f), out);
                } catch (ConfigException | IOException e) {
                    err.println("  FAILED: " + e.getMessage());
                    outcome.failed = true;
                    outcome.hasErrors = true;
                    out.println();
                    continue;
                }
                if (!ruleFiles.isEmpty()) {
                    out.println("  SUCCESS: " + ruleFiles.size() + " rule files found");
                }
                out.println(" SUCCESS: " + f + " is valid prometheus config file syntax");
                out.println();
                for (Path rf : ruleFiles) {
                    checkRuleFile(rf.toString(), out, err, outcome);
                }
            }
            out.flush();
            err.flush();
            return outcome.exitCode();
        }

        /** The config's rule files, globbed relative to the config's directory as Prometheus resolves them. */
        private static List<Path> ruleFiles(Path config, PrintWriter out) throws ConfigException, IOException {
            PrometheusConfig cfg = ConfigParser.load(config);
            Path dir = config.getParent() == null ? Path.of("") : config.getParent();
            List<Path> found = new ArrayList<>();
            for (String pattern : cfg.ruleFiles()) {
                List<Path> matches = RuleFiles.expand(dir, List.of(pattern));
                if (matches.isEmpty()) {
                    out.println("  WARNING: file \"" + (Path.of(pattern).isAbsolute() ? pattern : dir.resolve(pattern))
                            + "\" for rule_files does not exist");
                }
                found.addAll(matches);
            }
            return found;
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true, description = "Check if the rule files are valid or not.")
    static final class Rules implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "rule-files", description = "The rule files to check.")
        List<String> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Outcome outcome = new Outcome();
            for (String f : files) {
                checkRuleFile(f, out, err, outcome);
            }
            out.flush();
            err.flush();
            return outcome.exitCode();
        }
    }

    private static void checkRuleFile(String file, PrintWriter out, PrintWriter err, Outcome outcome) {
        out.println("Checking " + file);
        out.flush();
        List<RuleGroupSpec> groups;
        try {
            groups = RuleFileParser.parseFile(Path.of(file));
        } catch (RuleFileException e) {
            err.println("  FAILED:");
            e.errors().forEach(err::println);
            err.flush();
            outcome.failed = true;
            outcome.hasErrors = true;
            out.println();
            return;
        }
        List<RuleLint.Duplicate> duplicates = RuleLint.duplicates(groups);
        if (!duplicates.isEmpty()) {
            err.println("  FAILED:");
            err.println("lint error " + RuleLint.message(duplicates));
            err.flush();
            outcome.failed = true;
        } else {
            int rules = 0;
            for (RuleGroupSpec g : groups) {
                rules += g.rules().size();
            }
            out.println("  SUCCESS: " + rules + " rules found");
        }
        out.println();
    }
}
