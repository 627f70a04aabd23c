package dev.pulpo.tools.httptool;

import dev.pulpo.schemas.event.ToolResult;

/**
 * Why one attempt at an HTTP tool gave no result, and what that says about retrying it and about the API's health.
 * Resilience4j decides on the {@link Kind}: the retry retries {@link #retryable()} ones, the circuit breaker counts
 * {@link #countsAgainstTheApi()} ones and ignores the rest.
 */
final class AttemptFailed extends RuntimeException {

    enum Kind {
        /** 5xx, 408, 429, or no connection: the API is in trouble; another attempt may work. */
        TROUBLE(true, true),
        /** No answer within the attempt's timeout. */
        TIMED_OUT(true, true),
        /** A 2xx whose body is not JSON, or too large: the API is broken, and asking again gets the same. */
        UNREADABLE(false, true),
        /** Any other answer (3xx, 4xx): the API refused this call, which says nothing about its health. */
        REFUSED(false, false),
        /** No request was sent: the URL's host is internal, and this workspace may not call it (HostGuard). */
        FORBIDDEN(false, false),
        /** No request was sent: the call's budget is spent, or the thread is being stopped. */
        STOPPED(false, false);

        private final boolean retryable;
        private final boolean countsAgainstTheApi;

        Kind(boolean retryable, boolean countsAgainstTheApi) {
            this.retryable = retryable;
            this.countsAgainstTheApi = countsAgainstTheApi;
        }
    }

    private final Kind kind;

    AttemptFailed(Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    boolean retryable() {
        return kind.retryable;
    }

    boolean countsAgainstTheApi() {
        return kind.countsAgainstTheApi;
    }

    /** The result's status: {@code timeout} when the API did not answer in time, else {@code failed}. */
    String status() {
        return kind == Kind.TIMED_OUT ? ToolResult.TIMEOUT : ToolResult.FAILED;
    }
}
