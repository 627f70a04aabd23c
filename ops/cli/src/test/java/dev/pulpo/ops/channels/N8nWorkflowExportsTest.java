package dev.pulpo.ops.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The workflows under {@code ops/n8n/} are exports n8n can import, wired to Pulpo's topics and endpoints. */
class N8nWorkflowExportsTest {
    private static final Path DIR = Path.of("..", "n8n");
    /** The node types the workflows may use, all from n8n's base nodes. */
    private static final Set<String> KNOWN_TYPES = Set.of("n8n-nodes-base.kafkaTrigger", "n8n-nodes-base.code",
            "n8n-nodes-base.if", "n8n-nodes-base.httpRequest", "n8n-nodes-base.webhook", "n8n-nodes-base.noOp",
            "n8n-nodes-base.set");

    private final JsonMapper json = JsonMapper.builder().build();

    static Stream<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void bothWorkflowsAreShipped() throws IOException {
        assertThat(workflows().map(p -> p.getFileName().toString()))
                .contains("pulpo-handoffs.json", "pulpo-ingress.json");
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void eachIsAWorkflowExportWhoseConnectionsJoinItsOwnNodes(Path file) throws IOException {
        JsonNode workflow = json.readTree(file.toFile());

        assertThat(workflow.path("name").asString()).isNotBlank();
        JsonNode nodes = workflow.path("nodes");
        assertThat(nodes.isArray() && !nodes.isEmpty()).as("nodes").isTrue();
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode node : nodes) {
            assertThat(names.add(node.path("name").asString())).as("unique name %s", node.path("name")).isTrue();
            assertThat(ids.add(node.path("id").asString())).as("unique id %s", node.path("id")).isTrue();
            assertThat(node.path("type").asString()).isIn(KNOWN_TYPES);
            assertThat(node.path("typeVersion").isNumber()).isTrue();
            assertThat(node.path("position").isArray() && node.path("position").size() == 2).isTrue();
            assertThat(node.path("parameters").isObject()).isTrue();
        }
        JsonNode connections = workflow.path("connections");
        assertThat(connections.isObject()).isTrue();
        List<String> targets = new ArrayList<>();
        for (Map.Entry<String, JsonNode> from : connections.properties()) {
            assertThat(names).as("connection source").contains(from.getKey());
            for (JsonNode output : from.getValue().path("main")) {
                for (JsonNode link : output) {
                    assertThat(link.path("type").asString()).isEqualTo("main");
                    targets.add(link.path("node").asString());
                }
            }
        }
        assertThat(names).as("connection targets").containsAll(targets);
        // Every node but the trigger is reached from somewhere.
        long triggers = nodes.valueStream().filter(n -> n.path("type").asString().endsWith("Trigger")
                || n.path("type").asString().endsWith(".webhook")).count();
        assertThat(new HashSet<>(targets)).hasSize((int) (names.size() - triggers));
    }

    @Test
    void theHandoffWorkflowReadsDecisionsAndPostsFinalHandoffsToAWebhookFromTheEnvironment() throws IOException {
        JsonNode workflow = json.readTree(DIR.resolve("pulpo-handoffs.json").toFile());

        JsonNode trigger = node(workflow, "n8n-nodes-base.kafkaTrigger");
        assertThat(trigger.path("parameters").path("topic").asString()).isEqualTo("decisions");
        assertThat(trigger.path("parameters").path("groupId").asString()).isEqualTo("n8n-pulpo");
        String condition = node(workflow, "n8n-nodes-base.if").path("parameters").toString();
        assertThat(condition).contains("$json.intent").contains("human_handoff").contains("$json.final");
        assertThat(node(workflow, "n8n-nodes-base.code").path("parameters").path("jsCode").asString())
                .contains("JSON.parse");
        JsonNode post = node(workflow, "n8n-nodes-base.httpRequest").path("parameters");
        assertThat(post.path("method").asString()).isEqualTo("POST");
        assertThat(post.path("url").asString()).contains("$env.PULPO_HANDOFF_WEBHOOK_URL");
        // The handoff leaves on the IF node's true output only.
        JsonNode ifOutputs = workflow.path("connections").path(node(workflow, "n8n-nodes-base.if").path("name")
                .asString()).path("main");
        assertThat(ifOutputs.get(0).get(0).path("node").asString())
                .isEqualTo(node(workflow, "n8n-nodes-base.httpRequest").path("name").asString());
        assertThat(ifOutputs.size() < 2 || ifOutputs.get(1).isEmpty()).isTrue();
    }

    @Test
    void theIngressWorkflowPostsWhatItReceivesToTheGatewaysIngress() throws IOException {
        JsonNode workflow = json.readTree(DIR.resolve("pulpo-ingress.json").toFile());

        assertThat(node(workflow, "n8n-nodes-base.webhook").path("parameters").path("httpMethod").asString())
                .isEqualTo("POST");
        JsonNode post = node(workflow, "n8n-nodes-base.httpRequest").path("parameters");
        assertThat(post.path("url").asString()).contains("/ingress/messages");
        assertThat(post.path("jsonBody").asString()).contains("workspace_id", "user_phone", "text", "reply_via");
    }

    private static JsonNode node(JsonNode workflow, String type) {
        return workflow.path("nodes").valueStream().filter(n -> n.path("type").asString().equals(type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " node"));
    }
}
