package dev.pulpo.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.gateway.limit.InboundRateLimiter.Admission;
import dev.pulpo.gateway.limit.InboundRateLimiter.Limit;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The token buckets on a clock the test moves: per customer of a workspace, per workspace, and the notices. */
class InboundRateLimiterTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ManualClock clock = new ManualClock();

    @Test
    void aCustomerHasABurstThenTheRateAndIsToldWhenToRetry() {
        // Given 6 a minute, bursts of 3: a token every 10 s
        InboundRateLimiter limiter = limiter(new RateLimitSettings(true, 6, 3, 1000, 1000, 100));

        // When the burst is spent
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(message("ws", "+5491155550001")).allowed()).isTrue();
        }
        Admission refused = limiter.admit(message("ws", "+5491155550001"));

        // Then the next is refused by the customer's limit, retry in 10 s
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo(Limit.PHONE);
        assertThat(refused.retryAfterSeconds()).isEqualTo(10);
        // And another customer, or the same number writing to another workspace, is not limited
        assertThat(limiter.admit(message("ws", "+5491155550002")).allowed()).isTrue();
        assertThat(limiter.admit(message("other-ws", "+5491155550001")).allowed()).isTrue();
        // And 10 s later one more message passes
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.admit(message("ws", "+5491155550001")).allowed()).isTrue();
        assertThat(limiter.admit(message("ws", "+5491155550001")).allowed()).isFalse();
        assertThat(meters.counter("pulpo_gateway_rate_limited_total", "limit", "phone", "channel", "twilio").count())
                .isEqualTo(2);
    }

    @Test
    void aWorkspaceHasItsOwnLimitAndANoisyCustomerDoesNotSpendIt() {
        InboundRateLimiter limiter = limiter(new RateLimitSettings(true, 1, 2, 60, 4, 100));

        // A noisy customer spends only their own bucket
        for (int i = 0; i < 10; i++) {
            limiter.admit(message("ws", "+5491155550001"));
        }
        // Two more customers use the workspace's remaining 2 of 4... and 1 more
        assertThat(limiter.admit(message("ws", "+5491155550002")).allowed()).isTrue();
        assertThat(limiter.admit(message("ws", "+5491155550002")).allowed()).isTrue();
        Admission refused = limiter.admit(message("ws", "+5491155550003"));

        assertThat(refused.limit()).isEqualTo(Limit.WORKSPACE);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        // And the customer the workspace refused kept their token: once the workspace refills, they have two
        clock.advance(Duration.ofSeconds(2));
        assertThat(limiter.admit(message("ws", "+5491155550003")).allowed()).isTrue();
        assertThat(limiter.admit(message("ws", "+5491155550003")).allowed()).isTrue();
    }

    @Test
    void onlyTheFirstRefusalOfAConversationInAMinuteIsFirstInWindow() {
        InboundRateLimiter limiter = limiter(new RateLimitSettings(true, 1, 1, 1000, 1000, 100));
        limiter.admit(message("ws", "+5491155550001"));

        assertThat(limiter.admit(message("ws", "+5491155550001")).firstInWindow()).isTrue();
        assertThat(limiter.admit(message("ws", "+5491155550001")).firstInWindow()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.admit(message("ws", "+5491155550001")).firstInWindow()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        // a minute on: the bucket has one token again, then the next refusal is the window's first
        assertThat(limiter.admit(message("ws", "+5491155550001")).allowed()).isTrue();
        assertThat(limiter.admit(message("ws", "+5491155550001")).firstInWindow()).isTrue();
    }

    @Test
    void requireRefusesWithA429ExceptionNamingTheLimitAndItsSize() {
        InboundRateLimiter limiter = limiter(new RateLimitSettings(true, 20, 1, 1000, 1000, 100));
        limiter.require(message("ws", "+5491155550001"));

        assertThatThrownBy(() -> limiter.require(message("ws", "+5491155550001")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.field()).isEqualTo("user_phone");
                    assertThat(e.retryAfterSeconds()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("at most 20 a minute", "bursts of 1");
                });
    }

    @Test
    void turnedOffNothingIsLimited() {
        InboundRateLimiter limiter = limiter(new RateLimitSettings(false, 1, 1, 1, 1, 100));
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.admit(message("ws", "+5491155550001")).allowed()).isTrue();
        }
    }

    @Test
    void settingsHaveDefaultsAndRefuseALimitBelowOne() {
        RateLimitSettings defaults = RateLimitSettings.defaults();
        assertThat(List.of(defaults.perPhone(), defaults.phoneBurst(), defaults.perWorkspace(),
                defaults.workspaceBurst(), defaults.maxTracked())).containsExactly(20, 10, 600, 200, 100_000);
        assertThat(defaults.enabled()).isTrue();
        assertThatThrownBy(() -> new RateLimitSettings(true, 0, null, null, null, null))
                .hasMessageContaining("per-phone").hasMessageContaining("PULPO_RATE_LIMIT_ENABLED=false");
    }

    private InboundRateLimiter limiter(RateLimitSettings settings) {
        return new InboundRateLimiter(settings, meters, clock);
    }

    private static InboundSnapshot message(String workspace, String phone) {
        return new InboundSnapshot(InboundSnapshot.VERSION, UUID.randomUUID().toString(),
                ConversationId.of(workspace, phone), workspace, phone, Channel.TWILIO, null, "hola", List.of(), null,
                null, null, OffsetDateTime.now());
    }

    private static final class ManualClock implements TimeMeter {
        private long nanos = 1_000_000_000L;

        void advance(Duration by) {
            nanos += by.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
