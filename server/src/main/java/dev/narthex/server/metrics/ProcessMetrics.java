package dev.narthex.server.metrics;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standard {@code process_*} metrics (as the Go client writes them) and a few {@code jvm_*} ones from
 * {@code java.lang.management}; resident and virtual memory come from {@code /proc/self/statm} on Linux.
 */
public final class ProcessMetrics {
    private static final long PAGE_SIZE = 4096;

    private ProcessMetrics() {
    }

    public static void register(MetricRegistry registry) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double start = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            registry.gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                    () -> sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof UnixOperatingSystemMXBean unix) {
            registry.gauge("process_open_fds", "Number of open file descriptors.", unix::getOpenFileDescriptorCount);
            registry.gauge("process_max_fds", "Maximum number of open file descriptors.", unix::getMaxFileDescriptorCount);
        }
        registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", () -> statm(1));
        registry.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", () -> statm(0));
        registry.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", () -> start);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        registry.register(out -> {
            TextFormat.header(out, "jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", "gauge");
            MemoryUsage heap = memory.getHeapMemoryUsage();
            MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
            String[] area = {"area"};
            TextFormat.sample(out, "jvm_memory_used_bytes", area, new String[] {"heap"}, null, null, heap.getUsed());
            TextFormat.sample(out, "jvm_memory_used_bytes", area, new String[] {"nonheap"}, null, null, nonHeap.getUsed());
            TextFormat.header(out, "jvm_memory_max_bytes", "Max bytes of a given JVM memory area.", "gauge");
            TextFormat.sample(out, "jvm_memory_max_bytes", area, new String[] {"heap"}, null, null, heap.getMax());
        });
        registry.gauge("jvm_threads_current", "Current thread count of the JVM.",
                () -> ManagementFactory.getThreadMXBean().getThreadCount());
        registry.register(out -> {
            TextFormat.header(out, "jvm_gc_collection_seconds_total", "Time spent in a given JVM garbage collector.", "counter");
            String[] gc = {"gc"};
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                TextFormat.sample(out, "jvm_gc_collection_seconds_total", gc, new String[] {b.getName()}, null, null,
                        b.getCollectionTime() / 1000.0);
            }
        });
    }

    private static double statm(int field) {
        try {
            String[] parts = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(parts[field]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
