package dev.narthex.engine.rules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Expands {@code rule_files} patterns as Go's {@code filepath.Glob}: relative to a base directory, sorted. */
public final class RuleFiles {
    private RuleFiles() {
    }

    /** Matching files per pattern, each pattern's matches sorted; a pattern without matches adds nothing. */
    public static List<Path> expand(Path baseDir, List<String> patterns) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String p : patterns) {
            Path full = Path.of(p).isAbsolute() ? Path.of(p) : baseDir.resolve(p);
            String last = full.getFileName() == null ? "" : full.getFileName().toString();
            if (!last.contains("*") && !last.contains("?") && !last.contains("[")) {
                if (Files.exists(full)) {
                    out.add(full);
                }
                continue;
            }
            Path dir = full.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            List<Path> matches = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, last)) {
                for (Path f : ds) {
                    matches.add(f);
                }
            }
            matches.sort(null);
            out.addAll(matches);
        }
        return out;
    }
}
