package dev.pulpo.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.ops.chat.TerminalChat;
import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.schemas.DemoWorkspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as {@code ./pulpo up} runs it: a real broker in this JVM, the four services, the demo
 * workspace, and a restart on the same data.
 */
class EndToEndTest {
    private final GatewayCalls calls = new GatewayCalls();

    @Test
    void theChatGreetsAnswersHoursThroughTheToolExecutorAndKeepsStateAcrossARestart() throws Exception {
        Path data = Path.of("target", "e2e-" + UUID.randomUUID());

        try (AllInOne system = new AllInOne(settings(data, Map.of())).start()) {
            // Given the chat of ./pulpo up
            TerminalChat chat = new TerminalChat(system.gatewayUrl(), DemoWorkspace.ID, "+5491100000001");

            // When / Then: a greeting in Spanish, without tools
            assertThat(chat.send("hola")).contains("¡Hola!").contains("intent=greeting").contains("route=legacy")
                    .contains("actions=0");

            // When / Then: the hours, through the real tool-executor round trip
            assertThat(chat.send("cuál es el horario?")).contains("Lunes: 09:00-13:00, 14:00-19:00")
                    .contains("intent=info_hours").contains("actions=1");

            // The integration guide's curl answers the spec's JSON
            JsonNode decided = calls.decide(system.gatewayUrl(), "+5491155550001", "hola");
            assertThat(decided.path("intent").asString()).isEqualTo("greeting");
            assertThat(decided.path("route").asString()).isEqualTo("legacy");
            assertThat(decided.path("decision_id").asString()).isNotBlank();
            assertThat(decided.path("debug").has("t_total_ms")).isTrue();
            assertThat(decided.path("debug").has("t_extract_ms")).isTrue();

            // The integration guide's smoke test passes 6/6 against the running system
            ProcessBuilder withApi = new ProcessBuilder("bash", Path.of("..", "smoke", "smoke_test.sh").toString());
            withApi.environment().put("API", system.gatewayUrl() + "/orchestrator/decide");
            Process run = withApi.redirectErrorStream(true).start();
            String smokeOutput = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(run.waitFor()).as(smokeOutput).isZero();
            assertThat(smokeOutput).contains("Passed: 6").contains("Failed: 0");

            // A full booking in three turns, then cancelled, as a customer writes it in the chat
            TerminalChat customer = new TerminalChat(system.gatewayUrl(), DemoWorkspace.ID, "+5491100000009");
            assertThat(customer.send("hola quiero un turno")).contains("intent=book").contains("¿Qué servicio");
            assertThat(customer.send("corte")).contains("Corte de Cabello").contains("¿Para qué día");
            assertThat(customer.send("el viernes a las 3")).contains("quedó reservado").contains("15:00")
                    .contains("actions=2");
            assertThat(customer.send("cancelá mi turno")).contains("intent=cancel").contains("cancelado");

            // The orchestrator's metrics, as the integration guide's queries read them
            String metrics = calls.get(system.serviceUrl("orchestrator-stream") + "/actuator/prometheus");
            assertThat(metrics).containsPattern("orchestrator_latency_ms_bucket\\{[^}]*route=\"legacy\"")
                    .contains("orchestrator_requests_total{").contains("orchestrator_errors_total{");

            // A booking left half-way, to be picked up after the restart
            JsonNode asked = calls.decide(system.gatewayUrl(), "+5491155550002", "quiero un turno de corte");
            assertThat(asked.path("slots").path("service").asString()).isEqualTo("Corte de Cabello");
        }

        // When the system restarts on the same data, without seeding the demo workspace again
        try (AllInOne system = new AllInOne(settings(data,
                Map.of("pulpo.gateway.seed-demo-workspace", "false"))).start()) {
            // Then the workspace is still there, and so is the conversation's booking in progress
            JsonNode resumed = calls.decide(system.gatewayUrl(), "+5491155550002", "para el viernes");
            assertThat(resumed.path("intent").asString()).isEqualTo("book");
            assertThat(resumed.path("slots").path("service").asString())
                    .as("the service chosen before the restart").isEqualTo("Corte de Cabello");
            assertThat(resumed.path("slots").path("date").asString()).isNotBlank();
        }
    }

    private static AllInOne.Settings settings(Path data, Map<String, String> extra) {
        return new AllInOne.Settings(data, 0, null, 0, extra);
    }
}
