package dev.pulpo.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a benchmark ran, written beside its figures: results only compare on like machines. */
public final class Machine {
    private Machine() {
    }

    public static Map<String, Object> describe() {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cores", runtime.availableProcessors());
        json.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        json.put("arch", System.getProperty("os.arch"));
        json.put("jvm_version", Runtime.version().toString());
        json.put("jvm_vendor", System.getProperty("java.vm.vendor"));
        json.put("jvm_name", System.getProperty("java.vm.name"));
        json.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        json.put("max_heap_mb", runtime.maxMemory() / (1024 * 1024));
        json.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
        json.put("load_average_at_start", loadAverage());
        return json;
    }

    /** The 1-minute system load average, or null where the OS does not tell. */
    public static Double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? null : Math.round(load * 100.0) / 100.0;
    }
}
