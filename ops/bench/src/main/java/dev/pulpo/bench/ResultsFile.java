package dev.pulpo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a benchmark writes its figures: {@code ops/bench/results/<name>-<timestamp>.json} unless told. */
final class ResultsFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ResultsFile() {
    }

    /**
     * @param explicit the file asked for, or null
     * @param name     the benchmark's name, e.g. {@code turn-latency}
     */
    static Path choose(String explicit, String name, LocalDateTime startedAt) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        // From the repository root (run.sh, ./mvnw) or from ops/bench itself.
        Path dir = Files.isDirectory(Path.of("ops", "bench")) ? Path.of("ops", "bench", "results") : Path.of("results");
        return dir.resolve(name + "-" + STAMP.format(startedAt) + ".json");
    }

    static void write(Path file, Object json) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Json.write(json), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
