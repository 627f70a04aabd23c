package dev.pulpo.ops.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service module reads: the {@code ${NAME:default}} placeholders of its
 * {@code src/main/resources/<module>.yml} and of {@code @Value} strings in its main sources and in those of the
 * shared modules every service runs (kafka-support's auto-configuration).
 */
final class ServiceSettings {
    /** An upper-case placeholder is an environment variable; lower-case ones are Spring properties. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    /** Modules on every service's class path whose {@code @Value} strings each service reads. */
    private static final List<String> SHARED = List.of("kafka-support");

    private ServiceSettings() {
    }

    static Set<String> variablesReadBy(Path repo, String module) throws IOException {
        Set<String> names = new TreeSet<>();
        Path yml = repo.resolve(module).resolve("src/main/resources").resolve(module + ".yml");
        collect(Files.readString(yml), names);
        collectSources(repo.resolve(module), names);
        for (String shared : SHARED) {
            collectSources(repo.resolve(shared), names);
        }
        return names;
    }

    private static void collectSources(Path module, Set<String> names) throws IOException {
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                collect(Files.readString(source), names);
            }
        }
    }

    /** The port a module listens on unless SERVER_PORT says otherwise: {@code ${SERVER_PORT:8000}}. */
    static int defaultPort(Path repo, String module) throws IOException {
        String yml = Files.readString(repo.resolve(module).resolve("src/main/resources").resolve(module + ".yml"));
        Matcher m = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}").matcher(yml);
        if (!m.find()) {
            throw new IllegalStateException(module + ".yml has no ${SERVER_PORT:<port>}");
        }
        return Integer.parseInt(m.group(1));
    }

    private static void collect(String text, Set<String> names) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }
}
