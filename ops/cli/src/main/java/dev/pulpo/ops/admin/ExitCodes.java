package dev.pulpo.ops.admin;

/** The exit codes of {@code ./pulpo workspace} and {@code ./pulpo flags}. */
final class ExitCodes {
    /** Done. */
    static final int OK = 0;
    /** The workspace (or flag value) was refused; every reason was printed. */
    static final int INVALID = 1;
    /** A usage or input error: an unreadable file, an unknown workspace or scope. */
    static final int USAGE = 2;
    /** Kafka could not be reached, read or written. */
    static final int KAFKA = 3;

    private ExitCodes() {
    }
}
