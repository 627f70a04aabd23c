package dev.pulpo.tools.httptool;

import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.serde.EventMapper;
import dev.pulpo.tools.httptool.AttemptFailed.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP attempt of a tool: to the address {@link HostGuard} checked, waited for at most its timeout (connecting,
 * waiting and reading included), its answer read up to {@link HttpToolSettings#maxResponseBytes()}. Retries,
 * circuits and budgets are {@link HttpTools}'s.
 */
final class HttpAttempts implements AutoCloseable {
    private final HttpToolSettings settings;
    private final HostGuard guard;
    private final JsonMapper json = EventMapper.create();
    private final CloseableHttpClient client;
    /** Cancels an attempt whose time is up, wherever it is: connecting, waiting, reading the answer. */
    private final ScheduledThreadPoolExecutor deadlines = deadlines();

    HttpAttempts(HttpToolSettings settings, HostGuard guard) {
        this.settings = settings;
        this.guard = guard;
        this.client = newClient(settings);
    }

    /**
     * One request, to an address {@link HostGuard} checked, waited for at most {@code timeout} (the lookup included);
     * its answer, or why there is none.
     */
    Map<String, Object> attempt(ToolCall call, HttpToolRequest.Prepared prepared, Duration timeout) {
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
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
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
        deadlines.shutdownNow();
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
