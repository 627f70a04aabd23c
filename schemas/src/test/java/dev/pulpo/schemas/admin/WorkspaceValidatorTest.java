package dev.pulpo.schemas.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The validator both the admin API and {@code ./pulpo workspace put} use, without Spring or Kafka. */
class WorkspaceValidatorTest {
    private final WorkspaceValidator validator = new WorkspaceValidator();

    @Test
    void theDemoSalonIsValidAndComesBackAsTheStoredRecord() throws IOException {
        WorkspaceValidator.Result result = validator.validate(demoJson(), DemoWorkspace.ID, List.of());

        assertThat(result.errors()).isEmpty();
        assertThat(result.workspace()).isEqualTo(DemoWorkspace.load());
    }

    @Test
    void theDemoSalonMayBePublishedAgainOverItselfWithItsOwnNumbers() throws IOException {
        assertThat(validator.validate(demoJson(), null, List.of(DemoWorkspace.load())).valid()).isTrue();
    }

    @Test
    void aNumberOfAnotherWorkspaceIsAConflict() throws IOException {
        Workspace other = DemoWorkspace.load().withId("otra-peluqueria");

        WorkspaceValidator.Result result = validator.validate(demoJson(), null, List.of(other));

        assertThat(result.errors()).singleElement().asString()
                .startsWith("$.phone_numbers[0]: +14155238886 already belongs to workspace otra-peluqueria");
    }

    @Test
    void anIdThatDiffersFromAnotherOnlyInCaseOrPunctuationIsAConflict() throws IOException {
        Workspace other = DemoWorkspace.load().withId("Salon.Centro");
        String salon = demoJson().replace(DemoWorkspace.ID, "salon-centro").replace("+14155238886", "+14155238887");

        WorkspaceValidator.Result result = validator.validate(salon, null, List.of(other));

        assertThat(result.errors()).singleElement().asString().startsWith(
                "$.workspace_id: 'salon-centro' and workspace 'Salon.Centro' would share their secrets and allowed"
                        + " hosts (PULPO_SECRET_SALON_CENTRO__*, PULPO_HTTP_TOOL_ALLOWED_HOSTS_SALON_CENTRO)");
    }

    @Test
    void textThatIsNotJsonIsOneErrorAtTheRoot() {
        assertThat(validator.validate("{oops", null, List.of()).errors()).singleElement().asString()
                .startsWith("$: not valid JSON");
        assertThat(validator.validate("[]", null, List.of()).errors())
                .containsExactly("$: a workspace must be a JSON object");
    }

    @Test
    void schemaErrorsNameTheirPlaceAsAJsonPath() {
        assertThat(WorkspaceValidator.jsonPath("/hours/monday/0/1: does not match")).isEqualTo(
                "$.hours.monday[0][1]: does not match");
        assertThat(WorkspaceValidator.jsonPath(": required property 'name' not found")).isEqualTo(
                "$: required property 'name' not found");
    }

    @Test
    void anHttpToolWithoutArgsSchemaIsRefused() throws IOException {
        String withoutSchema = demoWithTools("""
                {"name": "order_status", "kind": "http", "http": {"url": "https://n8n.example.com/webhook/order"}}""");

        WorkspaceValidator.Result result = validator.validate(withoutSchema, DemoWorkspace.ID, List.of());

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).singleElement().asString()
                .startsWith("$.tools[0]: an http tool needs an args_schema");
    }

    @Test
    void anHttpToolWithArgsSchemaAndABuiltinToolWithoutOneArePublished() throws IOException {
        String described = demoWithTools("""
                {"name": "order_status", "kind": "http", "http": {"url": "https://n8n.example.com/webhook/order"},
                 "args_schema": {"type": "object", "properties": {"order": {"type": "string"}}},
                 "timeout_ms": 3000, "idempotent": true}""", """
                {"name": "get_services", "kind": "builtin", "timeout_ms": 1000, "idempotent": true}""");

        assertThat(validator.validate(described, DemoWorkspace.ID, List.of()).errors()).isEmpty();
    }

    /** The demo salon with these tools in its manifest, each allowed by its policy. */
    private static String demoWithTools(String... tools) throws IOException {
        ObjectNode demo = (ObjectNode) JsonMapper.builder().build().readTree(demoJson());
        ArrayNode manifest = demo.putArray("tools");
        ArrayNode allowed = (ArrayNode) demo.get("policy").get("tools");
        for (String tool : tools) {
            JsonNode spec = JsonMapper.builder().build().readTree(tool);
            manifest.add(spec);
            if (!allowed.toString().contains("\"" + spec.get("name").asString() + "\"")) {
                allowed.add(spec.get("name").asString());
            }
        }
        return demo.toString();
    }

    private static String demoJson() throws IOException {
        try (InputStream in = WorkspaceValidatorTest.class.getClassLoader().getResourceAsStream(DemoWorkspace.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
