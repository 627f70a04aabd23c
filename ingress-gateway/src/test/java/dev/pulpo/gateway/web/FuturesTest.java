package dev.pulpo.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The exception handler maps a failure by its own type, so a future's wrapper must not reach it. */
class FuturesTest {
    private final IllegalStateException failure = new IllegalStateException("broker down");

    @Test
    void theWrapperOfAFutureGivesWayToItsCause() {
        assertThat(Futures.cause(new CompletionException(failure))).isSameAs(failure);
        assertThat(Futures.cause(new ExecutionException(failure))).isSameAs(failure);
    }

    @Test
    void aFailureThatIsNotWrappedIsItself() {
        assertThat(Futures.cause(failure)).isSameAs(failure);
        CompletionException empty = new CompletionException("no cause", null);
        assertThat(Futures.cause(empty)).isSameAs(empty);
    }

    @Test
    void aDependentStageFailsWithTheFailureItself() {
        CompletableFuture<String> dependent = CompletableFuture.<String>failedFuture(failure).thenApply(s -> s + "!");

        Throwable seen = Futures.unwrapped(dependent).handle((ok, error) -> error).join();

        assertThat(seen).isSameAs(failure);
    }

    @Test
    void aValuePassesThrough() {
        assertThat(Futures.unwrapped(CompletableFuture.completedFuture("hola")).join()).isEqualTo("hola");
    }
}
