package dev.narthex.server.tool;

import dev.narthex.server.config.ConfigException;
import dev.narthex.server.config.ConfigParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code narthex-tool check config FILE...}: loads each file with the server's loader (scrape configs through
 * the scraper's parser), printing promtool's lines; exit 1 when any file fails.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check if the config files are valid or not.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "config-files", description = "The config files to check.")
    List<Path> files;

    @Override
    public Integer call() {
        int rc = 0;
        for (Path f : files) {
            System.out.println("Checking " + f);
            try {
                ConfigParser.load(f);
                System.out.println(" SUCCESS: " + f + " is valid prometheus config file syntax");
            } catch (ConfigException e) {
                System.err.println("  FAILED: " + e.getMessage());
                rc = 1;
            }
            System.out.println();
        }
        return rc;
    }
}
