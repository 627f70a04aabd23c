package dev.pulpo.outbound.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP server that answers like Twilio's Messages API: 201 with a message resource (a fresh SID
 * each time), or Twilio's error documents for 400, 429 and 5xx. Its request log is what the tests check.
 */
public final class FakeTwilio implements AutoCloseable {
    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "test-auth-token";
    public static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    private static final String CREATED = """
            {"account_sid": "%s", "api_version": "2010-04-01", "body": null,
             "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": null, "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000",
             "direction": "outbound-api", "error_code": null, "error_message": null, "from": "{{f.From}}",
             "messaging_service_sid": null, "num_media": "0", "num_segments": "1", "price": null, "price_unit": null,
             "sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
             "subresource_uris": {"media": "/2010-04-01/Accounts/%1$s/Messages/SMx/Media.json"},
             "to": "{{f.To}}", "uri": "/2010-04-01/Accounts/%1$s/Messages/SMx.json"}
            """.formatted(ACCOUNT_SID);

    private final WireMockServer server = new WireMockServer(options().dynamicPort().templatingEnabled(true)
            .globalTemplating(false));

    public FakeTwilio() {
        server.start();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Every create is taken. */
    public FakeTwilio accepts() {
        server.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(created()));
        return this;
    }

    /** The first create gets {@code first}; every later one is taken. */
    public FakeTwilio answersFirstThenAccepts(ResponseDefinitionBuilder first) {
        server.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("first-fails")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(first).willSetStateTo("recovered"));
        server.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).inScenario("first-fails")
                .whenScenarioStateIs("recovered").willReturn(created()));
        return this;
    }

    /** Every create gets {@code answer}. */
    public FakeTwilio alwaysAnswers(ResponseDefinitionBuilder answer) {
        server.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(answer));
        return this;
    }

    public static ResponseDefinitionBuilder tooManyRequests(int retryAfterSeconds) {
        return error(429, 20429, "Too Many Requests").withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    public static ResponseDefinitionBuilder serverError() {
        return error(500, 20500, "Internal Server Error");
    }

    public static ResponseDefinitionBuilder invalidToNumber() {
        return error(400, 21211, "The 'To' number whatsapp:+5491155550001 is not a valid phone number.");
    }

    private static ResponseDefinitionBuilder created() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{{formData request.body 'f' urlDecode=true}}" + CREATED)
                .withTransformers("response-template");
    }

    private static ResponseDefinitionBuilder error(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}
                        """.formatted(code, message, code, status));
    }

    /** The creates received, oldest first. */
    public List<LoggedRequest> creates() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(MESSAGES_PATH)));
    }

    /** Every request received, whatever its path, oldest first. */
    public List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** A request's form fields, decoded. */
    public static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        Arrays.stream(request.getBodyAsString().split("&")).filter(p -> !p.isEmpty()).forEach(pair -> {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        });
        return fields;
    }

    public static String header(LoggedRequest request, String name) {
        HttpHeader header = request.getHeaders().getHeader(name);
        return header.isPresent() ? header.firstValue() : null;
    }

    public void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }
}
