package dev.pulpo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.orchestrator.testing.OllamaStub;
import dev.pulpo.schemas.DemoWorkspace;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The SLM route in the whole system, as {@code ENABLE_SLM_PIPELINE=true ./pulpo up} runs it: a real broker, the
 * four services, the model worker's answers through {@code model-replies}, and a local server that speaks
 * Ollama's {@code /api/chat} in place of the models. The run-time flags then move the workspace to legacy
 * without a restart, and each route's turn logs its TELEMETRY line.
 */
class SlmRouteEndToEndTest {
    private static final String ADMIN_TOKEN = "e2e-admin-token";

    private final GatewayCalls calls = new GatewayCalls();
    private final OllamaStub ollama = new OllamaStub();
    private final ListAppender<ILoggingEvent> telemetryLog = new ListAppender<>();

    @BeforeEach
    void captureTelemetry() {
        telemetryLog.start();
        ((Logger) LoggerFactory.getLogger(TurnTelemetry.class)).addAppender(telemetryLog);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(TurnTelemetry.class)).detachAppender(telemetryLog);
        ollama.close();
    }

    @Test
    void aTurnTakesTheSlmRouteThenTheLegacyRouteOnceTheFlagsSaySoWithoutARestart() throws Exception {
        // Given: every conversation on the SLM route, and models that know what to say
        ollama.answers("qwen2.5:7b", OllamaStub.EXTRACTOR, "{\"intent\":\"greeting\",\"confidence\":0.94}");
        ollama.answers("phi3:mini", OllamaStub.NLG, "¡Hola! Soy Pulpo, ¿en qué te ayudo?");
        Map<String, String> slm = Map.of(
                "pulpo.orchestrator.enable-slm-pipeline", "true",
                "pulpo.orchestrator.slm-canary-percent", "0",
                "pulpo.slm.base-url", ollama.baseUrl(),
                // Generous: a loaded machine must not turn this into a timeout test.
                "pulpo.slm.extractor-timeout", "5s",
                "pulpo.slm.response-timeout", "5s",
                "pulpo.gateway.admin-token", ADMIN_TOKEN);

        try (AllInOne system = new AllInOne(new AllInOne.Settings(Path.of("target", "slm-e2e-" + UUID.randomUUID()),
                0, null, 0, slm)).start()) {
            // When
            JsonNode slmTurn = calls.decide(system.gatewayUrl(), "+5491155550101", "buenas!");

            // Then: the models extracted and worded it
            assertThat(slmTurn.path("route").asString()).isEqualTo("slm_pipeline");
            assertThat(slmTurn.path("intent").asString()).isEqualTo("greeting");
            assertThat(slmTurn.path("assistant").asString()).isEqualTo("¡Hola! Soy Pulpo, ¿en qué te ayudo?");
            assertThat(slmTurn.path("pipeline_version").asString()).isEqualTo("slm-1");

            // When: an operator sends the workspace to legacy at run time (the guide's rollback option 1)
            HttpResponse<String> flags = calls.put(system.gatewayUrl() + "/admin/flags", ADMIN_TOKEN,
                    "{\"scope\":\"" + DemoWorkspace.ID + "\",\"enable_slm_pipeline\":false}");
            assertThat(flags.statusCode()).as(flags.body()).isEqualTo(200);

            // Then: the next conversations take the legacy route, with no restart
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    calls.decide(system.gatewayUrl(), "+54911555502" + (System.nanoTime() % 100), "hola").path("route")
                            .asString()).isEqualTo("legacy"));

            // And each route logged its TELEMETRY line, in the guide's order
            List<String> lines = telemetryLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("TELEMETRY ")).toList();
            String fields = " workspace=" + DemoWorkspace.ID + " intent=greeting confidence=\\d\\.\\d\\d actions=0"
                    + " t_extract_ms=\\d+ t_plan_ms=\\d+ t_policy_ms=\\d+ t_broker_ms=\\d+ t_reduce_ms=\\d+"
                    + " t_nlg_ms=\\d+ t_total_ms=\\d+";
            assertThat(lines).anyMatch(l -> l.matches("TELEMETRY route=slm_pipeline" + fields))
                    .anyMatch(l -> l.matches("TELEMETRY route=legacy" + fields));

            // And the SLM route's metrics are on the orchestrator's endpoint
            String metrics = calls.get(system.serviceUrl("orchestrator-stream") + "/actuator/prometheus");
            assertThat(metrics)
                    .containsPattern("orchestrator_requests_total\\{[^}]*route=\"slm_pipeline\"[^}]*} [1-9]")
                    .containsPattern("orchestrator_model_calls_total\\{[^}]*outcome=\"ok\"[^}]*stage=\"extract\"")
                    .containsPattern("orchestrator_shadow_agreement_total\\{[^}]*agree=\"true\"[^}]*} [1-9]")
                    .contains("orchestrator_fallbacks_total{").contains("orchestrator_rollbacks_total{")
                    .containsPattern("orchestrator_slm_enabled\\{[^}]*scope=\"" + DemoWorkspace.ID + "\"[^}]*} 0\\.0");
        }
    }
}
