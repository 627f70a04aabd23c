package dev.pulpo.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.gateway.BrokerPerClass;
import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.gateway.RawHttp;
import dev.pulpo.gateway.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error is the gateway's JSON, including those that never reach Spring MVC: Tomcat's own refusals of a
 * request it cannot parse, the container's {@code /error} dispatch, parameters Tomcat cannot decode, bodies
 * no endpoint takes. Sent over a plain socket, since no HTTP client sends most of these.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.auth.api-keys-required=false",
                "pulpo.gateway.admin-token=" + JsonErrorsTest.ADMIN,
                "pulpo.gateway.seed-demo-workspace=false"})
class JsonErrorsTest {
    static final String ADMIN = "admin-token-for-json-errors";
    private static final Map<String, String> NONE = Map.of();

    @RegisterExtension
    static final BrokerPerClass KAFKA = new BrokerPerClass();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    }

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    /** Requests Tomcat answers by itself, before any filter: formerly its HTML error page. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a bad % escape in the path     | GET /outbound/%zz/status HTTP/1.1                  | 400",
            "a bad % escape in a release    | POST /conversations/%zz/release HTTP/1.1           | 400",
            "an encoded slash               | GET /outbound/a%2Fb/status HTTP/1.1                | 400",
            "an encoded NUL                 | GET /outbound/a%00b/status HTTP/1.1                | 400",
            "characters HTTP forbids        | GET /a<b>{} HTTP/1.1                               | 400",
            "a method that is not a token   | G@T / HTTP/1.1                                     | 400",
            "an HTTP version Tomcat lacks   | GET / HTTP/2.5                                     | 400",
            "a method Tomcat does not serve | CONNECT /chat HTTP/1.1                             | 400",
            "a request line of garbage      | HELLO                                              | 400"})
    void tomcatsOwnRefusalsAreJson(String what, String requestLine, int status) throws Exception {
        Answer answer = RawHttp.send(port, requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                new byte[0]);

        assertJsonError(answer, status);
    }

    @Test
    void aRequestWithoutHostAHeaderTooLargeOrABadLengthIsJson() throws Exception {
        assertJsonError(RawHttp.send(port, "GET /actuator/health HTTP/1.1\r\nConnection: close\r\n\r\n", new byte[0]),
                400);
        assertJsonError(RawHttp.send(port, RawHttp.head("GET", "/actuator/health", Map.of("X-Big", "a".repeat(20_000)),
                -1), new byte[0]), 400);
        assertJsonError(RawHttp.send(port, RawHttp.head("POST", "/chat", Map.of("Content-Type", "application/json",
                "Content-Length", "abc"), -1), new byte[0]), 400);
    }

    @Test
    void aBrokenChunkedBodyIsJson() throws Exception {
        Answer answer = RawHttp.send(port, RawHttp.head("POST", "/chat", Map.of("Content-Type", "application/json",
                "Transfer-Encoding", "chunked"), -1), "zz\r\nabc\r\n".getBytes(StandardCharsets.US_ASCII));

        assertJsonError(answer, 400);
    }

    @Test
    void parametersTomcatCannotDecodeAreA400NamingTheEncoding() throws Exception {
        Answer query = RawHttp.send(port, RawHttp.head("GET", "/actuator/health?a=%zz", NONE, -1), new byte[0]);
        byte[] form = "a=%zz&b=%".getBytes(StandardCharsets.US_ASCII);
        Answer formToChat = RawHttp.send(port, RawHttp.head("POST", "/chat",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), form.length), form);

        assertThat(assertJsonError(query, 400).path("error").asString()).contains("not valid URL encoding");
        assertJsonError(formToChat, 400);
    }

    @Test
    void aBinaryBodyOnAFormOrJsonEndpointIsA4xxNeverA500() throws Exception {
        byte[] binary = new byte[512];
        new Random(11).nextBytes(binary);
        String bearer = "Bearer " + ADMIN;
        for (String[] request : new String[][] {
                {"PUT", "/admin/flags", "application/x-www-form-urlencoded"},
                {"PUT", "/admin/workspaces/x", "application/x-www-form-urlencoded"},
                {"PUT", "/admin/flags", "application/json"},
                {"PUT", "/webhook/pulpo/twilio/wa/inbound", "application/x-www-form-urlencoded"},
                {"PATCH", "/chat", "application/x-www-form-urlencoded"},
                {"DELETE", "/ingress/messages", "application/x-www-form-urlencoded"},
                {"POST", "/chat", "application/json"},
                {"POST", "/orchestrator/decide", "application/octet-stream"},
                {"POST", "/ingress/messages", "multipart/form-data; boundary=x"},
                {"POST", "/webhook/pulpo/twilio/status", "application/x-www-form-urlencoded"}}) {
            Answer answer = RawHttp.send(port, RawHttp.head(request[0], request[1], Map.of("Content-Type", request[2],
                    "Authorization", bearer), binary.length), binary);

            assertThat(answer.status()).as(String.join(" ", request) + " -> " + answer).isBetween(400, 499);
            assertJsonError(answer, answer.status());
        }
    }

    @Test
    void theErrorPathItselfAnswersJsonWhateverTheCallerAccepts() throws Exception {
        Answer direct = RawHttp.send(port, RawHttp.head("GET", "/error", Map.of("Accept", "text/html"), -1),
                new byte[0]);
        Answer unknown = RawHttp.send(port, RawHttp.head("GET", "/nope", Map.of("Accept", "text/html"), -1),
                new byte[0]);
        Answer trace = RawHttp.send(port, RawHttp.head("TRACE", "/chat", NONE, -1), new byte[0]);

        assertJsonError(direct, 404);
        assertJsonError(unknown, 404);
        assertJsonError(trace, 405);
    }

    @Test
    void anUnsupportedMethodOrMediaTypeIsJson() throws Exception {
        byte[] xml = "<a/>".getBytes(StandardCharsets.US_ASCII);
        assertJsonError(RawHttp.send(port, RawHttp.head("GET", "/chat", NONE, -1), new byte[0]), 405);
        assertJsonError(RawHttp.send(port, RawHttp.head("POST", "/actuator/health",
                Map.of("Content-Type", "application/json"), 2), "{}".getBytes(StandardCharsets.US_ASCII)), 405);
        assertJsonError(RawHttp.send(port, RawHttp.head("POST", "/chat", Map.of("Content-Type", "application/xml"),
                xml.length), xml), 415);
        assertJsonError(RawHttp.send(port, RawHttp.head("POST", "/chat", Map.of("Content-Type", ";;;/"),
                xml.length), xml), 415);
    }

    @Test
    void whatTheFuzzTestFoundIsA4xxJson() throws Exception {
        byte[] body = "{\"a\": \"b\"}".getBytes(StandardCharsets.UTF_8);
        // a % that is not an escape after a ';' (Tomcat checks the path, Spring decodes the parameters too)
        assertJsonError(RawHttp.send(port, RawHttp.head("POST", "/ingress/messages;x=%", Map.of(), 0), new byte[0]),
                400);
        // a wildcard or unknown-charset Content-Type, multipart without a boundary, YAML
        for (String type : new String[] {"*/*", "application/json; charset=bogus", "multipart/form-data",
                "application/yaml"}) {
            assertJsonError(RawHttp.send(port, RawHttp.head("POST", "/chat", Map.of("Content-Type", type),
                    body.length), body), 415);
        }
        // multipart without a boundary on the endpoint that reads its own body
        assertJsonError(RawHttp.send(port, RawHttp.head("POST", "/webhook/pulpo/twilio/wa/inbound",
                Map.of("Content-Type", "multipart/form-data"), body.length), body), 403);
        // an actuator endpoint that answers 404 without a body
        assertJsonError(RawHttp.send(port, RawHttp.head("GET", "/actuator/metrics/no.such.metric", Map.of(), -1),
                new byte[0]), 404);
        // an admin refusal to a caller that accepts only XML
        assertJsonError(RawHttp.send(port, RawHttp.head("GET", "/admin/flags", Map.of("Accept", "application/xml",
                "Authorization", "Bearer wrong"), -1), new byte[0]), 401);
        // a chunked form whose chunk size is not a number
        assertJsonError(RawHttp.send(port, RawHttp.head("POST", "/webhook/pulpo/twilio/wa/inbound",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Transfer-Encoding", "chunked"), -1),
                "fffffffffffffffff\r\nMessageSid=SM1\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 400);
        // a method and an HTTP version Tomcat does not serve are the caller's errors, not 5xx
        assertJsonError(RawHttp.send(port, "CONNECT /chat HTTP/1.1\r\nHost: x\r\n\r\n", new byte[0]), 400);
        assertJsonError(RawHttp.send(port, "GET /chat HTTP/11\r\nHost: x\r\n\r\n", new byte[0]), 400);
    }

    private JsonNode assertJsonError(Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/json");
        JsonNode error = json.readTree(answer.body());
        assertThat(error.path("error").asString()).as(answer.toString()).isNotBlank();
        return error;
    }
}
