package dev.pulpo.ops.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service module reads: the {@code ${NAME:default}} placeholders of its
 * {@code src/main/resources/<module>.yml} and of {@code @Value} strings in its main sources.
 */
final class ServiceSettings {
    /** An upper-case placeholder is an environment variable; lower-case ones are Spring properties. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private ServiceSettings() {
    }

    static Set<String> variablesReadBy(Path repo, String module) throws IOException {
        Set<String> names = new TreeSet<>();
        Path yml = repo.resolve(module).resolve("src/main/resources").resolve(module + ".yml");
        collect(Files.readString(yml), names);
        try (Stream<Path> sources = Files.walk(repo.resolve(module).resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                collect(Files.readString(source), names);
            }
        }
        return names;
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
