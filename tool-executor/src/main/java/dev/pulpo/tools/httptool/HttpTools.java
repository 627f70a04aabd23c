package dev.pulpo.tools.httptool;

import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.serde.EventMapper;
import dev.pulpo.tools.executor.ToolAnswer;
import dev.pulpo.tools.httptool.AttemptFailed.Kind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a workspace's HTTP tool: the call's JSON posted to the manifest's URL, the JSON answer as the result.
 * Each attempt waits at most the tool's {@code timeout_ms}; an idempotent tool is retried with exponential backoff;
 * each (workspace, tool) has its own circuit breaker, named {@code <workspace>/<tool>}, which fails calls fast while
 * open. The whole call never holds the caller longer than {@link HttpToolSettings#callBudget()} (plus one backoff).
 * An answer is read as it comes and dropped once it passes {@link HttpToolSettings#maxResponseBytes()}. Before
 * each attempt {@link HostGuard} resolves the URL's host and refuses internal addresses the operator did not allow
 * for the workspace; the attempt then connects to the very address it checked.
 */
public final class HttpTools implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpTools.class);

    private final HttpToolSettings settings;
    private final HttpToolRequest requests;
    private final HttpAttempts http;
    private final CircuitBreakerRegistry circuits;
    private final RetryRegistry retries;

    /** HTTP tools whose host names the system resolves. */
    public HttpTools(HttpToolSettings settings, SecretLookup environment, MeterRegistry meters, Clock clock) {
        this(settings, environment, HostResolver.system(), meters, clock);
    }

    /**
     * @param environment the executor's environment: each workspace's secrets and allowed internal hosts
     * @param dns         how the URLs' host names are resolved (once per attempt, by {@link HostGuard})
     * @param clock       what the circuit breakers measure their wait in the open state with
     */
    public HttpTools(HttpToolSettings settings, SecretLookup environment, HostResolver dns, MeterRegistry meters,
                     Clock clock) {
        this.settings = settings;
        this.requests = new HttpToolRequest(EventMapper.create(), environment);
        this.http = new HttpAttempts(settings, new HostGuard(environment, dns));
        HttpToolSettings.Circuit circuit = settings.circuit();
        this.circuits = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(circuit.slidingWindow())
                .minimumNumberOfCalls(circuit.minimumCalls())
                .failureRateThreshold(circuit.failureRatePercent())
                .waitDurationInOpenState(circuit.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(circuit.callsInHalfOpen())
                .ignoreException(e -> e instanceof AttemptFailed failed && !failed.countsAgainstTheApi())
                .clock(clock)
                .build());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.backoff(), settings.backoffMultiplier()))
                .retryOnException(e -> e instanceof AttemptFailed failed && failed.retryable())
                .build());
        circuits.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(event -> log.warn("circuit={} {}", event.getCircuitBreakerName(),
                        event.getStateTransition())));
        retries.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onRetry(event -> log.info("retrying tool={} attempt={} wait_ms={} reason=\"{}\"", event.getName(),
                        event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(),
                        event.getLastThrowable().getMessage())));
        // resilience4j_circuitbreaker_state{name,state}, resilience4j_retry_calls_total{name,kind}, ...
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuits).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** Calls the tool the manifest describes, within its call budget; never throws for anything it does. */
    public ToolAnswer run(ToolCall call, ToolSpec spec) {
        return run(call, spec, settings.callBudget());
    }

    /**
     * As {@link #run(ToolCall, ToolSpec)}, every attempt cut to {@code timeLeft} as well: the time until the
     * caller stops waiting, after which an answer would only act behind the customer's back.
     */
    public ToolAnswer run(ToolCall call, ToolSpec spec, Duration timeLeft) {
        if (spec.http() == null) {
            return ToolAnswer.failed("http tool " + call.tool() + " has no url in the manifest");
        }
        HttpToolRequest.Prepared request;
        try {
            request = requests.of(call, spec.http());
        } catch (HttpToolRequest.Unusable e) {
            return ToolAnswer.failed(e.getMessage());
        }
        String name = call.workspaceId() + "/" + call.tool();
        Duration budget = timeLeft.compareTo(settings.callBudget()) < 0 ? timeLeft : settings.callBudget();
        long deadline = System.nanoTime() + budget.toNanos();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<AttemptFailed> lastSent = new AtomicReference<>();
        Supplier<Map<String, Object>> once = CircuitBreaker.decorateSupplier(circuits.circuitBreaker(name), () -> {
            long left = deadline - System.nanoTime();
            if (left < TimeUnit.MILLISECONDS.toNanos(1)) {
                throw new AttemptFailed(Kind.STOPPED, call.tool() + " spent its budget of "
                        + budget.toMillis() + " ms");
            }
            attempts.incrementAndGet();
            try {
                return http.attempt(call, request, Duration.ofNanos(Math.min(left,
                        TimeUnit.MILLISECONDS.toNanos(spec.timeoutMs()))));
            } catch (AttemptFailed failed) {
                lastSent.set(failed);
                throw failed;
            }
        });
        Supplier<Map<String, Object>> withRetries = spec.idempotent()
                ? Retry.decorateSupplier(retries.retry(name), once) : once;
        try {
            return ToolAnswer.ok(withRetries.get());
        } catch (CallNotPermittedException open) {
            AttemptFailed before = lastSent.get();
            return before == null ? ToolAnswer.failed("circuit open for " + call.tool())
                    : answer(before, attempts.get(), "; circuit now open for " + call.tool());
        } catch (AttemptFailed failed) {
            AttemptFailed reported = failed.kind() == Kind.STOPPED && lastSent.get() != null ? lastSent.get() : failed;
            return answer(reported, attempts.get(), "");
        }
    }

    private static ToolAnswer answer(AttemptFailed failed, int attempts, String more) {
        return new ToolAnswer(failed.status(), Map.of(),
                failed.getMessage() + (attempts > 1 ? " (" + attempts + " attempts)" : "") + more);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
