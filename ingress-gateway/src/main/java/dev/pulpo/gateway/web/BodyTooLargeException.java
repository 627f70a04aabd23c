package dev.pulpo.gateway.web;

import java.io.IOException;

/** A request body went past {@code pulpo.gateway.max-body-size} while it was read (413). */
public class BodyTooLargeException extends IOException {
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
