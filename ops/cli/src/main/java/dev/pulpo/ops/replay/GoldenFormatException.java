package dev.pulpo.ops.replay;

import java.nio.file.Path;

/** A golden file that cannot be read as golden-format.md says, with where and why. */
public final class GoldenFormatException extends Exception {
    public GoldenFormatException(Path file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
    }

    public GoldenFormatException(String message) {
        super(message);
    }
}
