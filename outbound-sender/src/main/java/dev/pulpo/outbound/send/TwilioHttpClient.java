package dev.pulpo.outbound.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.Twilio;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.RestException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * The SDK's HTTP layer, made to fit a stream thread: one attempt per call (the SDK would otherwise retry
 * 5xx three times, sleeping), a short timeout, requests sent to {@code TWILIO_API_BASE_URL} with the SDK's
 * paths kept, and 429/5xx surfaced with their {@code Retry-After} so the topology schedules the retry.
 */
public final class TwilioHttpClient extends com.twilio.http.HttpClient {
    /** Reads Twilio's error documents (the SDK's model is Jackson 2). */
    private static final ObjectMapper ERROR_READER = new ObjectMapper();
    private static final String USER_AGENT = "twilio-java/" + Twilio.VERSION + " pulpo-outbound-sender";

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    public TwilioHttpClient(String baseUrl, Duration timeout) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (this.baseUrl.getScheme() == null || this.baseUrl.getHost() == null) {
            throw new IllegalArgumentException("TWILIO_API_BASE_URL must be an absolute URL, not " + baseUrl);
        }
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One attempt, whatever the SDK asks: retries are the topology's, with backoff and without sleeping. */
    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(rebase(URI.create(request.constructURL().toString())))
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json")
                .header("X-Twilio-Client", "java-" + Twilio.VERSION);
        if (request.requiresAuthentication()) {
            builder.header("Authorization", request.getAuthString());
        }
        for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
            header.getValue().forEach(value -> builder.header(header.getKey(), value));
        }
        if (request.getMethod() == HttpMethod.GET) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .method(request.getMethod().toString(), HttpRequest.BodyPublishers.ofString(request.encodeFormBody()));
        }
        HttpResponse<String> answer = exchange(builder.build());
        int status = answer.statusCode();
        if (status == 429 || status >= 500) {
            throw new Unavailable(status, answer.body(), retryAfter(answer));
        }
        return new Response(answer.body(), status, headers(answer));
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new NoAnswer("cannot connect to Twilio at " + baseUrl + ": " + e, false, e);
        } catch (HttpTimeoutException e) {
            // The request may have reached Twilio: a retry can make this message go out twice (see README).
            throw new NoAnswer("no answer from Twilio within " + timeout.toMillis() + " ms", true, e);
        } catch (IOException e) {
            throw new NoAnswer("lost the connection to Twilio: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer("interrupted while waiting for Twilio", true, e);
        }
    }

    /** The SDK's URL with its scheme, host and port replaced by the base URL's; path and query kept. */
    URI rebase(URI sdkUrl) {
        String path = baseUrl.getRawPath() + sdkUrl.getRawPath();
        String query = sdkUrl.getRawQuery() == null ? "" : "?" + sdkUrl.getRawQuery();
        String port = baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort();
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getHost() + port + path + query);
    }

    private static Header[] headers(HttpResponse<?> answer) {
        return answer.headers().map().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> new BasicHeader(e.getKey(), v)))
                .toArray(Header[]::new);
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> answer) {
        return answer.headers().firstValue("Retry-After").map(TwilioHttpClient::parseRetryAfter).orElse(null);
    }

    static Duration parseRetryAfter(String value) {
        String text = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** Twilio answered 429 or 5xx: the message was not taken, and may be on a later attempt. */
    public static final class Unavailable extends ApiException {
        private final int status;
        private final transient Duration retryAfter;

        Unavailable(int status, String body, Duration retryAfter) {
            super("Twilio answered HTTP " + status + explain(body), status);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        /** The delay Twilio asked for, or null. */
        public Duration retryAfter() {
            return retryAfter;
        }

        /** ", Twilio error 20429: Too Many Requests" from Twilio's error document, else the body's start. */
        private static String explain(String body) {
            if (body == null || body.isBlank()) {
                return "";
            }
            RestException error = null;
            try {
                error = RestException.fromJson(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                        ERROR_READER);
            } catch (RuntimeException notTwiliosErrorDocument) {
                // A proxy's HTML page, say: its first characters say enough.
            }
            if (error != null && error.getMessage() != null) {
                return (error.getCode() == null ? "" : ", Twilio error " + error.getCode()) + ": " + error.getMessage();
            }
            String flat = body.replaceAll("\\s+", " ").strip();
            return ": " + (flat.length() <= 200 ? flat : flat.substring(0, 200) + "...");
        }
    }

    /**
     * No HTTP answer at all.
     *
     * @param maybeSent whether the request may have reached Twilio before the connection failed
     */
    public static final class NoAnswer extends ApiConnectionException {
        private final boolean maybeSent;

        NoAnswer(String message, boolean maybeSent, Throwable cause) {
            super(message, cause);
            this.maybeSent = maybeSent;
        }

        public boolean maybeSent() {
            return maybeSent;
        }
    }
}
