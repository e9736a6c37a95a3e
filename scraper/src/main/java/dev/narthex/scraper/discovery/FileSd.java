package dev.narthex.scraper.discovery;

import dev.narthex.scraper.config.FileSdConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * File-based discovery: reads JSON or YAML lists of {@code {targets, labels}} from files matching the
 * configured patterns (a glob in the last path element), re-reading on every change the directory watch
 * reports and at least every refresh interval. Each group gets {@code __meta_filepath} and source
 * {@code path:index}. Calls the listener with all groups after every read that changed them; a file that
 * fails to parse keeps its previous groups, as Prometheus does. Runs on its own daemon thread.
 */
public final class FileSd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileSd.class);

    private final FileSdConfig cfg;
    private final Consumer<List<TargetGroup>> listener;
    private final Map<Path, List<TargetGroup>> byFile = new LinkedHashMap<>();
    private final WatchService watch;
    private final Thread thread;
    private List<TargetGroup> last = List.of();

    public FileSd(FileSdConfig cfg, Consumer<List<TargetGroup>> listener) throws IOException {
        this.cfg = cfg;
        this.listener = listener;
        this.watch = FileSystems.getDefault().newWatchService();
        Set<Path> dirs = new HashSet<>();
        for (String f : cfg.files()) {
            Path dir = Path.of(f).toAbsolutePath().getParent();
            if (dir != null && Files.isDirectory(dir) && dirs.add(dir)) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
        this.thread = new Thread(this::run, "narthex-file-sd");
        this.thread.setDaemon(true);
    }

    /** Reads the files once (synchronously, so the first groups are known) and starts watching. */
    public void start() {
        refresh();
        thread.start();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var key = watch.poll(cfg.refreshIntervalMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    // Editors write in several steps; a short pause reads the settled file.
                    Thread.sleep(20);
                    while ((key = watch.poll()) != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
                refresh();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Re-reads every matching file and notifies the listener when the groups changed. */
    public synchronized void refresh() {
        Set<Path> present = new TreeSet<>();
        for (String pattern : cfg.files()) {
            present.addAll(expand(pattern));
        }
        byFile.keySet().retainAll(present);
        for (Path p : present) {
            try {
                byFile.put(p, read(p));
            } catch (IOException | RuntimeException e) {
                LOG.error("Error reading file {}: {}", p, e.getMessage());
            }
        }
        List<TargetGroup> all = new ArrayList<>();
        byFile.values().forEach(all::addAll);
        if (!all.equals(last)) {
            last = List.copyOf(all);
            listener.accept(last);
        }
    }

    private static List<Path> expand(String pattern) {
        Path p = Path.of(pattern);
        String name = p.getFileName().toString();
        if (!name.contains("*")) {
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        Path dir = p.toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
            for (Path f : ds) {
                if (Files.isRegularFile(f)) {
                    out.add(p.getParent() == null ? f.getFileName() : p.getParent().resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            LOG.error("Error listing {}: {}", dir, e.getMessage());
        }
        return out;
    }

    static List<TargetGroup> read(Path file) throws IOException {
        String text = Files.readString(file);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Object doc = name.endsWith(".json") ? JsonTree.parse(text) : new Load(LoadSettings.builder().build()).loadFromString(text);
        List<TargetGroup> out = new ArrayList<>();
        if (doc == null) {
            return out;
        }
        if (!(doc instanceof List<?> groups)) {
            throw new IOException("file " + file + " is not a list of target groups");
        }
        int i = 0;
        for (Object g : groups) {
            if (!(g instanceof Map<?, ?> m)) {
                throw new IOException("target group " + i + " in " + file + " is not a map");
            }
            List<Map<String, String>> targets = new ArrayList<>();
            Object ts = m.get("targets");
            if (ts instanceof List<?> tl) {
                for (Object t : tl) {
                    targets.add(Map.of("__address__", String.valueOf(t)));
                }
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.get("labels") instanceof Map<?, ?> lm) {
                lm.forEach((k, v) -> labels.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            }
            labels.put("__meta_filepath", file.toString());
            out.add(new TargetGroup(targets, labels, file + ":" + i));
            i++;
        }
        return out;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watch.close();
            thread.join(2000);
        } catch (IOException e) {
            LOG.debug("closing watch service: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
