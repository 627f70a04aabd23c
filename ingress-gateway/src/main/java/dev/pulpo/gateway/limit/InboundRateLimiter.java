package dev.pulpo.gateway.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulpo.schemas.event.InboundSnapshot;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The abuse limits of every way in: a token bucket (Bucket4j) per customer of a workspace and one per workspace,
 * held in memory by this gateway instance only (with N instances behind a balancer a customer gets up to N times
 * the limit). Buckets live in bounded Caffeine caches: at most {@code maxTracked} of each kind, and one idle long
 * enough to be full again is forgotten, which loses nothing.
 *
 * <p>The customer's bucket is per conversation (workspace and phone), not per phone alone: a caller of one
 * workspace could otherwise spend the budget of another workspace's customer. The customer's bucket is asked
 * first, so one noisy customer does not spend their workspace's budget; a token the workspace then refuses is
 * given back.
 */
@Component
public class InboundRateLimiter {
    /** Why a message was limited; the field the refusal names. */
    public enum Limit {
        PHONE("user_phone"), WORKSPACE("workspace_id");

        private final String field;

        Limit(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * What to do with a message: let it through, or refuse it, saying which limit and when to retry. A refused
     * message has {@code firstInWindow} true for the first refusal of its conversation in a minute.
     */
    public record Admission(Limit limit, long retryAfterSeconds, boolean firstInWindow) {
        static final Admission ALLOWED = new Admission(null, 0, false);

        public boolean allowed() {
            return limit == null;
        }
    }

    private final RateLimitSettings settings;
    private final Cache<String, Bucket> phones;
    private final Cache<String, Bucket> workspaces;
    private final Cache<String, Bucket> notices;
    private final MeterRegistry meters;

    private final TimeMeter clock;

    @Autowired
    public InboundRateLimiter(RateLimitSettings settings, MeterRegistry meters) {
        this(settings, meters, TimeMeter.SYSTEM_NANOTIME);
    }

    /** With the clock the buckets refill by: the system's, or a test's. */
    InboundRateLimiter(RateLimitSettings settings, MeterRegistry meters, TimeMeter clock) {
        this.clock = clock;
        this.settings = settings;
        this.meters = meters;
        this.phones = cache(settings.phoneBurst(), settings.perPhone(), settings.maxTracked());
        this.workspaces = cache(settings.workspaceBurst(), settings.perWorkspace(), settings.maxTracked());
        this.notices = cache(1, 1, settings.maxTracked());
    }

    /** Takes a token for the snapshot's customer and workspace, or says which limit refuses it. */
    public Admission admit(InboundSnapshot snapshot) {
        if (!settings.enabled()) {
            return Admission.ALLOWED;
        }
        Bucket phone = phones.get(snapshot.conversationId(),
                id -> bucket(clock, settings.phoneBurst(), settings.perPhone()));
        ConsumptionProbe byPhone = phone.tryConsumeAndReturnRemaining(1);
        if (!byPhone.isConsumed()) {
            return refused(Limit.PHONE, byPhone, snapshot);
        }
        Bucket workspace = workspaces.get(snapshot.workspaceId(),
                id -> bucket(clock, settings.workspaceBurst(), settings.perWorkspace()));
        ConsumptionProbe byWorkspace = workspace.tryConsumeAndReturnRemaining(1);
        if (!byWorkspace.isConsumed()) {
            phone.addTokens(1);
            return refused(Limit.WORKSPACE, byWorkspace, snapshot);
        }
        return Admission.ALLOWED;
    }

    /** As {@link #admit}, for a way in that answers the caller itself: a 429 when refused. */
    public void require(InboundSnapshot snapshot) {
        Admission admission = admit(snapshot);
        if (!admission.allowed()) {
            throw new RateLimitedException(describe(admission.limit()), admission.limit().field(),
                    admission.retryAfterSeconds());
        }
    }

    /** What the caller is told: which limit, and how large it is. */
    public String describe(Limit limit) {
        return limit == Limit.PHONE
                ? "too many messages from this customer: at most " + settings.perPhone() + " a minute (bursts of "
                        + settings.phoneBurst() + ")"
                : "too many messages for this workspace: at most " + settings.perWorkspace() + " a minute (bursts of "
                        + settings.workspaceBurst() + ")";
    }

    private Admission refused(Limit limit, ConsumptionProbe probe, InboundSnapshot snapshot) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        boolean first = notices.get(snapshot.conversationId(), id -> bucket(clock, 1, 1)).tryConsume(1);
        Counter.builder("pulpo_gateway_rate_limited_total")
                .description("messages refused by a rate limit of the gateway")
                .tag("limit", limit.name().toLowerCase(java.util.Locale.ROOT))
                .tag("channel", snapshot.channel().wire())
                .register(meters).increment();
        return new Admission(limit, seconds, first);
    }

    /** Holds {@code burst} tokens, refilled at {@code perWindow} a minute, spread over the minute. */
    private static Bucket bucket(TimeMeter clock, int burst, int perWindow) {
        return Bucket.builder().withCustomTimePrecision(clock).addLimit(Bandwidth.builder().capacity(burst)
                .refillGreedy(perWindow, RateLimitSettings.WINDOW).build()).build();
    }

    /**
     * At most {@code max} buckets; one idle as long as an empty one takes to fill is full again, and forgetting it
     * gives nothing away.
     */
    private static Cache<String, Bucket> cache(int burst, int perWindow, int max) {
        long refillNanos = RateLimitSettings.WINDOW.toNanos() / perWindow * burst;
        Duration idle = Duration.ofNanos(Math.max(refillNanos, RateLimitSettings.WINDOW.toNanos()));
        return Caffeine.newBuilder().maximumSize(max).expireAfterAccess(idle).build();
    }
}
