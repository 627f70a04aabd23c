package dev.pulpo.orchestrator.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that speaks Ollama's {@code /api/chat} (non-streaming), answering each stage of the SLM
 * route by the words its prompt is known by. What the model "says" is set per test. Shared with ops/cli's
 * end-to-end tests through this module's test jar.
 */
public final class OllamaStub implements AutoCloseable {
    public static final String EXTRACTOR = "Sos el extractor";
    public static final String PLANNER = "Sos el planificador";
    public static final String NLG = "Respuesta a reescribir";

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
    private final JsonMapper json = JsonMapper.builder().build();

    public OllamaStub() {
        server.start();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    /** The model named answers {@code content} to prompts holding {@code marker}. */
    public void answers(String model, String marker, String content) {
        answers(model, marker, content, 0);
    }

    public void answers(String model, String marker, String content, int delayMs) {
        server.stubFor(chat(model, marker).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(delayMs)
                .withBody(json.writeValueAsString(Map.of(
                        "model", model,
                        "created_at", "2025-01-15T13:00:00.000000Z",
                        "message", Map.of("role", "assistant", "content", content),
                        "done_reason", "stop",
                        "done", true,
                        "total_duration", 180_000_000L,
                        "prompt_eval_count", 120,
                        "eval_count", 30)))));
    }

    /** As Ollama answers a model it does not have. */
    public void lacks(String model, String marker) {
        server.stubFor(chat(model, marker).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"model '" + model + "' not found, try pulling it first\"}")));
    }

    private static MappingBuilder chat(String model, String marker) {
        return post(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .withRequestBody(containing(marker));
    }

    @Override
    public void close() {
        server.stop();
    }
}
