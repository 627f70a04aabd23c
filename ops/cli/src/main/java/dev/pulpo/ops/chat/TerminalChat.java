package dev.pulpo.ops.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat in the terminal against a gateway's {@code POST /chat}: a line in, the assistant's reply out,
 * with the route, intent, confidence and timings under it.
 */
public final class TerminalChat {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final URI chat;
    private final String workspaceId;
    private final String user;

    public TerminalChat(String gatewayUrl, String workspaceId, String user) {
        this.chat = URI.create(gatewayUrl.replaceAll("/+$", "") + "/chat");
        this.workspaceId = workspaceId;
        this.user = user;
    }

    public void run(BufferedReader in, PrintStream out) throws IOException {
        out.println("Chatting as " + user + " with " + chat + " — type a message, or /quit.");
        while (true) {
            out.print("vos> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equals("/quit") || line.strip().equals("/exit")) {
                return;
            }
            if (line.isBlank()) {
                continue;
            }
            out.println(send(line));
        }
    }

    /** One message and the rendered answer, or what went wrong. */
    public String send(String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (workspaceId != null) {
            body.put("workspace_id", workspaceId);
        }
        body.put("user", user);
        body.put("text", text);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(chat)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = json.readTree(response.body());
            if (response.statusCode() != 200) {
                return "  ! " + response.statusCode() + " " + answer.path("error").asString("");
            }
            JsonNode debug = answer.path("debug");
            String fallback = answer.path("fallback").isString() ? " fallback=" + answer.path("fallback").asString()
                    : "";
            return "pulpo> " + answer.path("assistant").asString("").replace("\n", "\n       ") + "\n"
                    + String.format("  [route=%s%s intent=%s confidence=%.2f actions=%d t_total_ms=%d]",
                    answer.path("route").asString(""), fallback, answer.path("intent").asString(""),
                    answer.path("confidence").asDouble(), answer.path("actions").size(),
                    debug.path("t_total_ms").asLong());
        } catch (IOException e) {
            return "  ! cannot reach the gateway at " + chat + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "  ! interrupted";
        }
    }
}
