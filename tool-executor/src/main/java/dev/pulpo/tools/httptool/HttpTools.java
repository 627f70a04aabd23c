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
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

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
    /** Cancels an attempt whose time is up, wherever it is: connecting, waiting, reading the answer. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private final HttpToolSettings settings;
    private final HttpToolRequest requests;
    private final HostGuard guard;
    private final JsonMapper json = EventMapper.create();
    private final CloseableHttpClient client;
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
        this.requests = new HttpToolRequest(json, environment);
        this.guard = new HostGuard(environment, dns);
        this.client = newClient(settings);
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
                return attempt(call, request, Duration.ofNanos(Math.min(left,
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

    /**
     * One request, to an address {@link HostGuard} checked, waited for at most {@code timeout} (the lookup included);
     * its answer, or why there is none.
     */
    private Map<String, Object> attempt(ToolCall call, HttpToolRequest.Prepared prepared, Duration timeout) {
        String tool = call.tool();
        long started = System.nanoTime();
        HttpHost target = guard.target(call.workspaceId(), tool, prepared.url(), timeout);
        long left = timeout.toNanos() - (System.nanoTime() - started);
        if (left < TimeUnit.MILLISECONDS.toNanos(1)) {
            throw new AttemptFailed(Kind.TIMED_OUT, tool + " gave no answer within " + timeout.toMillis() + " ms");
        }
        HttpUriRequestBase request = prepared.newAttempt();
        request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))).build());
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            late.set(true);
            request.cancel();
        }, left, TimeUnit.NANOSECONDS);
        try (ClassicHttpResponse response = client.executeOpen(target, request, HttpClientContext.create())) {
            return answer(tool, request, response);
        } catch (IOException e) {
            if (late.get() || e instanceof SocketTimeoutException) {
                throw new AttemptFailed(Kind.TIMED_OUT, tool + " gave no answer within " + timeout.toMillis() + " ms");
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new AttemptFailed(Kind.STOPPED, tool + " was not answered: the executor is stopping");
            }
            throw new AttemptFailed(Kind.TROUBLE, tool + " could not be reached (" + e.getClass().getSimpleName() + ")");
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * A 2xx JSON object is the result, any other JSON value is wrapped as {@code {"value": ...}}. The body of any
     * other answer is never read: the request is cancelled, which closes the connection instead of draining it.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> answer(String tool, HttpUriRequestBase request, ClassicHttpResponse response)
            throws IOException {
        int status = response.getCode();
        if (status >= 200 && status < 300) {
            String body = body(tool, request, response.getEntity());
            if (body.isBlank()) {
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
        request.cancel();
        if (status >= 500 || status == 408 || status == 429) {
            throw new AttemptFailed(Kind.TROUBLE, tool + " answered HTTP " + status
                    + (status == 429 ? " (too many requests)" : status == 408 ? " (request timeout)" : " (server error)"));
        }
        throw new AttemptFailed(Kind.REFUSED, tool + " answered HTTP " + status
                + (status >= 400 ? " (the call was refused)" : " (not an answer)"));
    }

    /**
     * The answer's text, read up to {@link HttpToolSettings#maxResponseBytes()}: one byte more and the request is
     * cancelled, so the rest is never read, whatever {@code Content-Length} says or however long it streams.
     */
    private String body(String tool, HttpUriRequestBase request, HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        int max = settings.maxResponseBytes();
        if (entity.getContentLength() > max) {
            request.cancel();
            throw tooLarge(tool, max);
        }
        byte[] bytes;
        try (InputStream in = entity.getContent()) {
            bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                request.cancel();
                throw tooLarge(tool, max);
            }
        }
        ContentType type = ContentType.parseLenient(entity.getContentType());
        Charset charset = type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        return new String(bytes, charset);
    }

    private static AttemptFailed tooLarge(String tool, int max) {
        String size = max % 1024 == 0 ? max / 1024 + " KB" : max + " bytes";
        return new AttemptFailed(Kind.UNREADABLE, tool + " sent an answer larger than " + size);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /**
     * One client for every workspace: no redirects, no retries of its own (resilience4j decides), no cookies or
     * cached credentials that one workspace's call could leave for another's, and no decompression, so the size
     * read is the size sent. It connects only to the address in each request's target (HostGuard's): it has no
     * resolver of its own and no proxy, either of which would connect to an address nobody checked. Pooled
     * connections are kept per target, address included.
     */
    private static CloseableHttpClient newClient(HttpToolSettings settings) {
        return HttpClients.custom()
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(NO_LOOKUPS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.callBudget()))
                                .setSocketTimeout(Timeout.of(settings.callBudget()))
                                // A kept-alive connection the API has closed meanwhile is found before it is used.
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    /** The client's resolver: never asked while every target carries its checked address, and refusing if it is. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host + " was not checked by HostGuard; HTTP tools look up no name of their own");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolve(host)[0].getCanonicalHostName();
        }
    };

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "http-tool-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
        return deadlines;
    }
}
