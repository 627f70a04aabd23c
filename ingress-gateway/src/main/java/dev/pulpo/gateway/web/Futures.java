package dev.pulpo.gateway.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A future's failure as the gateway answers it. A failure that passes through a dependent stage of a
 * {@link CompletableFuture} comes out wrapped in a {@link CompletionException}, and out of {@code get()} in an
 * {@link ExecutionException}; the gateway answers by the failure's own type (a broker that is down is a 503, a
 * decision that is late a 504), so whoever decides that must meet the failure, not its wrapper.
 */
public final class Futures {
    private Futures() {
    }

    /** The failure a future's wrapper carries, or {@code error} itself when it is not wrapped. */
    public static Throwable cause(Throwable error) {
        if ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            return error.getCause();
        }
        return error;
    }

    /**
     * {@code future}, failing with the failure itself instead of its wrapper. Completed by hand: a stage such as
     * {@code exceptionallyCompose} would wrap the failure again on its way out.
     */
    public static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> future) {
        CompletableFuture<T> unwrapped = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                unwrapped.completeExceptionally(cause(error));
            } else {
                unwrapped.complete(value);
            }
        });
        return unwrapped;
    }
}
