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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a workspace's HTTP tool: the call's JSON posted to the manifest's URL, the JSON answer as the result.
 * Each attempt waits at most the tool's {@code timeout_ms}; an idempotent tool is retried with exponential backoff;
 * each (workspace, tool) has its own circuit breaker, named {@code <workspace>/<tool>}, which fails calls fast while
 * open. The whole call never holds the caller longer than {@link HttpToolSettings#callBudget()} (plus one backoff).
 */
public final class HttpTools {
    private static final Logger log = LoggerFactory.getLogger(HttpTools.class);

    private final HttpToolSettings settings;
    private final HttpToolRequest requests;
    private final JsonMapper json = EventMapper.create();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final CircuitBreakerRegistry circuits;
    private final RetryRegistry retries;

    /**
     * @param clock what the circuit breakers measure their wait in the open state with
     */
    public HttpTools(HttpToolSettings settings, SecretLookup secrets, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.requests = new HttpToolRequest(json, secrets);
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

    /** Calls the tool the manifest describes; never throws for anything the API or the manifest does. */
    public ToolAnswer run(ToolCall call, ToolSpec spec) {
        if (spec.http() == null) {
            return ToolAnswer.failed("http tool " + call.tool() + " has no url in the manifest");
        }
        HttpRequest.Builder request;
        try {
            request = requests.of(call, spec.http());
        } catch (HttpToolRequest.Unusable e) {
            return ToolAnswer.failed(e.getMessage());
        }
        String name = call.workspaceId() + "/" + call.tool();
        long deadline = System.nanoTime() + settings.callBudget().toNanos();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<AttemptFailed> lastSent = new AtomicReference<>();
        Supplier<Map<String, Object>> once = CircuitBreaker.decorateSupplier(circuits.circuitBreaker(name), () -> {
            long left = deadline - System.nanoTime();
            if (left < TimeUnit.MILLISECONDS.toNanos(1)) {
                throw new AttemptFailed(Kind.STOPPED, call.tool() + " spent its budget of "
                        + settings.callBudget().toMillis() + " ms");
            }
            attempts.incrementAndGet();
            try {
                return attempt(call.tool(), request, Duration.ofNanos(Math.min(left,
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

    /** One request, waited for at most {@code timeout}; its answer, or why there is none. */
    private Map<String, Object> attempt(String tool, HttpRequest.Builder request, Duration timeout) {
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request.timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            return answer(tool, pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new AttemptFailed(Kind.TIMED_OUT, tool + " gave no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new AttemptFailed(Kind.TIMED_OUT, tool + " gave no answer within " + timeout.toMillis() + " ms");
            }
            throw new AttemptFailed(Kind.TROUBLE, tool + " could not be reached (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new AttemptFailed(Kind.STOPPED, tool + " was not answered: the executor is stopping");
        }
    }

    /** A 2xx JSON object is the result, any other JSON value is wrapped as {@code {"value": ...}}. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> answer(String tool, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            String body = response.body();
            if (body == null || body.isBlank()) {
                return Map.of();
            }
            try {
                Object value = json.readValue(body, Object.class);
                return value instanceof Map<?, ?> object ? (Map<String, Object>) object
                        : value == null ? Map.of() : Map.of("value", value);
            } catch (JacksonException e) {
                throw new AttemptFailed(Kind.UNREADABLE, tool + " answered HTTP " + status + " with a body that is not JSON");
            }
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new AttemptFailed(Kind.TROUBLE, tool + " answered HTTP " + status
                    + (status == 429 ? " (too many requests)" : status == 408 ? " (request timeout)" : " (server error)"));
        }
        throw new AttemptFailed(Kind.REFUSED, tool + " answered HTTP " + status
                + (status >= 400 ? " (the call was refused)" : " (not an answer)"));
    }
}
