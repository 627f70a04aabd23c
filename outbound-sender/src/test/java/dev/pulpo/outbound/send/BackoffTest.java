package dev.pulpo.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), new SplittableRandom(7));

    @Test
    void eachRetryWaitsBetweenHalfAndAllOfADoublingDelay() {
        assertThat(backoff.after(1, null)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(backoff.after(2, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(backoff.after(3, null)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void theDelayStopsGrowingAtTheMaximum() {
        assertThat(backoff.after(30, null)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void twiliosRetryAfterWinsOverTheSendersOwnDelay() {
        assertThat(backoff.after(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }
}
