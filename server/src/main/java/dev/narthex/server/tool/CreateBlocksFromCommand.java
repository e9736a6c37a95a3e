package dev.narthex.server.tool;

import dev.narthex.server.tool.backfill.BackfillException;
import dev.narthex.server.tool.backfill.BackfillProgress;
import dev.narthex.server.tool.backfill.BackfillResult;
import dev.narthex.server.tool.backfill.OpenMetricsBackfill;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code narthex-tool tsdb create-blocks-from <format> ...}: backfilling from exported data. */
@Command(name = "create-blocks-from", mixinStandardHelpOptions = true,
        description = "[Experimental] Import samples from input and produce TSDB blocks.",
        subcommands = {CreateBlocksFromCommand.OpenMetrics.class})
final class CreateBlocksFromCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected an input format");
    }

    /** {@code openmetrics FILE [DIR]}, as promtool's: DIR defaults to {@code data/}. */
    @Command(name = "openmetrics", mixinStandardHelpOptions = true,
            description = "Import samples from OpenMetrics input and produce TSDB blocks.")
    static final class OpenMetrics implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "OpenMetrics file to read samples from.")
        Path input;

        @Parameters(index = "1", paramLabel = "DIR", defaultValue = "data/", description = "Output directory for generated blocks.")
        Path output;

        @Option(names = "--max-block-duration", paramLabel = "DURATION", defaultValue = "2h",
                converter = DurationConverter.class,
                description = "Maximum duration created blocks may span. Anything less than 2h is ignored.")
        long maxBlockDurationMs;

        @Option(names = "--quiet", description = "Do not print the progress display.")
        boolean quiet;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean terminal = System.console() != null && !quiet;
            long started = System.nanoTime();
            BackfillProgress progress = terminal ? new TerminalProgress(err) : BackfillProgress.NONE;
            try {
                BackfillResult r = new OpenMetricsBackfill(maxBlockDurationMs, progress).run(input, output);
                if (terminal) {
                    err.print("\r\033[K");
                    err.flush();
                }
                out.printf(Locale.ROOT, "series: %d, samples: %d, blocks: %d, seconds: %.2f%n",
                        r.series(), r.samples(), r.blocks().size(), (System.nanoTime() - started) / 1e9);
                out.flush();
                return 0;
            } catch (BackfillException e) {
                err.println((terminal ? "\r\033[K" : "") + "narthex-tool: error: " + e.getMessage());
                return 1;
            } catch (Exception e) {
                err.println((terminal ? "\r\033[K" : "") + "narthex-tool: error: block creation: " + e);
                return 1;
            }
        }
    }

    /** Redraws one status line at most a few times per second. */
    private static final class TerminalProgress implements BackfillProgress {
        private final PrintWriter err;
        private long lastNanos;

        TerminalProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void update(long bytesRead, long totalBytes, long samples) {
            long now = System.nanoTime();
            if (now - lastNanos < 200_000_000L && bytesRead < totalBytes) {
                return;
            }
            lastNanos = now;
            err.printf(Locale.ROOT, "\rread %d/%d MB (%d%%), %d samples", bytesRead >> 20, totalBytes >> 20,
                    totalBytes == 0 ? 100 : bytesRead * 100 / totalBytes, samples);
            err.flush();
        }
    }
}
