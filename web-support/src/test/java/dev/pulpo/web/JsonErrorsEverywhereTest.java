package dev.pulpo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.web.app.WebApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any service with web-support answers every error as JSON, over a raw socket so that what Tomcat refuses by
 * itself (a bad request line, a broken {@code %} escape) is tried too.
 */
@SpringBootTest(classes = WebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=health,metrics")
class JsonErrorsEverywhereTest {
    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown path                 | GET /no/such/path HTTP/1.1               | 404 | not found",
            "a browser's unknown path        | GET /no/such/path HTTP/1.1               | 404 | not found",
            "a broken % escape               | GET /%zz HTTP/1.1                        | 400 | bad request",
            "a request line that is garbage  | FOO BAR BAZ QUX                          | 400 | bad request",
            "an HTTP version nobody speaks   | GET /ok HTTP/2.5                         | 400 | HTTP version",
            "/error asked for directly       | GET /error HTTP/1.1                      | 404 | no endpoint /error",
            "a metric that does not exist    | GET /actuator/metrics/no.such HTTP/1.1   | 404 | not found",
            "a method the endpoint refuses   | DELETE /ok HTTP/1.1                      | 405 | ",
            "a bug in a handler              | GET /boom HTTP/1.1                       | 500 | internal error"})
    void everyErrorIsJson(String what, String requestLine, int status, String says) throws IOException {
        Answer answer = send(requestLine, what.contains("browser") ? "text/html" : "*/*");

        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.header("content-type")).as(answer.raw()).startsWith("application/json");
        JsonNode body = json.readTree(answer.body());
        assertThat(body.path("error").asString()).as(answer.raw()).isNotBlank()
                .contains(says == null ? "" : says).doesNotContain("s3cr3t");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"a working endpoint | GET /ok HTTP/1.1", "health | GET /actuator/health HTTP/1.1"})
    void whatWorksStillWorks(String what, String requestLine) throws IOException {
        assertThat(send(requestLine, "*/*").status()).isEqualTo(200);
    }

    record Answer(int status, String head, String body, String raw) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }
    }

    private Answer send(String requestLine, String accept) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nAccept: " + accept + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            String raw = read.toString(StandardCharsets.UTF_8);
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            String body = split < 0 ? "" : raw.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            return new Answer(status, head, body, raw);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
