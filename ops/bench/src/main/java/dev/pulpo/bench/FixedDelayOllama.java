package dev.pulpo.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local server that speaks Ollama's {@code /api/chat} (non-streaming) and {@code /api/tags}, standing in for
 * the models of the SLM route in the turn benchmark: each stage's answer comes after the same fixed delay, so the
 * benchmark measures what the route costs around the models, not the models. It answers the hours question's
 * three calls: the extractor ({@code info_hours}), the planner ({@code get_business_hours}) and the NLG (the
 * template's reply behind {@link #WORDED_PREFIX}, so every figure is kept and the words are used).
 *
 * <p>The JDK's HTTP server on virtual threads, not WireMock: no request journal growing with every call of a long
 * run, no extra thread pool on a 2-core machine, and the NLG's answer is computed from the request.
 */
final class FixedDelayOllama implements AutoCloseable {
    /** How each stage's prompt is recognised: the words the orchestrator's prompts are known by. */
    enum Stage {
        EXTRACT("Sos el extractor"), PLAN("Sos el planificador"), NLG("Respuesta a reescribir");

        final String marker;

        Stage(String marker) {
            this.marker = marker;
        }
    }

    static final String EXTRACT_ANSWER = "{\"intent\":\"info_hours\",\"confidence\":0.95}";
    static final String PLAN_ANSWER = "{\"calls\":[{\"tool\":\"get_business_hours\",\"args\":{}}]}";
    /** What the "model" puts before the template's reply: a rewrite the benchmark can tell from the template. */
    static final String WORDED_PREFIX = "¡Claro! ";

    private final JsonMapper json = JsonMapper.builder().build();
    private final long delayMs;
    private final List<String> models;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Stage, AtomicLong> calls = new EnumMap<>(Stage.class);
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param delayMs how long every chat call waits before its answer
     * @param models  the models {@code /api/tags} lists (the orchestrator checks them at start)
     */
    FixedDelayOllama(long delayMs, Collection<String> models) throws IOException {
        if (delayMs < 0) {
            throw new IllegalArgumentException("a model delay is 0 ms or more, was " + delayMs);
        }
        this.delayMs = delayMs;
        this.models = List.copyOf(models);
        for (Stage stage : Stage.values()) {
            calls.put(stage, new AtomicLong());
        }
        // Loopback and an ephemeral port: never one of the services' fixed ports.
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(executor);
        server.createContext("/api/chat", this::chat);
        server.createContext("/api/tags", this::tags);
        server.start();
    }

    String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    long delayMs() {
        return delayMs;
    }

    /** Calls answered per stage, and requests refused (no known stage, bad JSON, wrong method). */
    Map<String, Object> callCounts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        calls.forEach((stage, n) -> counts.put(stage.name().toLowerCase(java.util.Locale.ROOT), n.get()));
        counts.put("refused", refused.get());
        return counts;
    }

    /** The stage a chat request is for, by the words of its prompt; empty when it is none of the three. */
    static Optional<Stage> stageOf(String system, String user) {
        if (system.contains(Stage.EXTRACT.marker)) {
            return Optional.of(Stage.EXTRACT);
        }
        if (system.contains(Stage.PLAN.marker)) {
            return Optional.of(Stage.PLAN);
        }
        if (user.contains(Stage.NLG.marker)) {
            return Optional.of(Stage.NLG);
        }
        return Optional.empty();
    }

    /** What the "model" answers a stage: fixed JSON for extract and plan, the template behind a prefix for NLG. */
    static String answer(Stage stage, String user) {
        return switch (stage) {
            case EXTRACT -> EXTRACT_ANSWER;
            case PLAN -> PLAN_ANSWER;
            case NLG -> {
                int at = user.indexOf(Stage.NLG.marker);
                String template = user.substring(at + Stage.NLG.marker.length()).replaceFirst("^\\s*:\\s*", "");
                yield WORDED_PREFIX + template.strip();
            }
        };
    }

    private void chat(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, 405, "method not allowed");
                return;
            }
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                request = json.readTree(body.readAllBytes());
            } catch (RuntimeException e) {
                refuse(exchange, 400, "invalid JSON: " + e.getMessage());
                return;
            }
            StringBuilder system = new StringBuilder();
            StringBuilder user = new StringBuilder();
            for (JsonNode message : request.path("messages")) {
                String role = message.path("role").asString("");
                String content = message.path("content").asString("");
                (role.equals("system") ? system : user).append(content).append('\n');
            }
            Optional<Stage> stage = stageOf(system.toString(), user.toString());
            if (stage.isEmpty()) {
                refuse(exchange, 400, "no stage of the SLM route recognised in the prompt");
                return;
            }
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            String model = request.path("model").asString("unknown");
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("model", model);
            reply.put("created_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
            reply.put("message", Map.of("role", "assistant", "content", answer(stage.get(), user.toString().strip())));
            reply.put("done_reason", "stop");
            reply.put("done", true);
            reply.put("total_duration", delayMs * 1_000_000L);
            reply.put("prompt_eval_count", 120);
            reply.put("eval_count", 30);
            calls.get(stage.get()).incrementAndGet();
            send(exchange, 200, json.writeValueAsBytes(reply));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tags(HttpExchange exchange) throws IOException {
        try (exchange) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (String model : models) {
                list.add(Map.of("name", model, "model", model, "size", 0));
            }
            send(exchange, 200, json.writeValueAsBytes(Map.of("models", list)));
        }
    }

    private void refuse(HttpExchange exchange, int status, String error) throws IOException {
        refused.incrementAndGet();
        send(exchange, status, json.writeValueAsBytes(Map.of("error", error)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
