package dev.pulpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.serde.EventMapper;
import dev.pulpo.schemas.event.Workspace;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class EventContractsTest {
    private final EventSchemas schemas = new EventSchemas();

    @TestFactory
    Iterable<DynamicTest> everyEventRoundTripsThroughItsSerde() {
        return SampleEvents.byTopic().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey().name(), () -> {
                    Object back = roundTrip(e.getKey(), e.getValue());
                    assertThat(back).isEqualTo(e.getValue());
                }))
                .toList();
    }

    @TestFactory
    Iterable<DynamicTest> everyEventValidatesAgainstItsTopicsSchema() {
        return SampleEvents.byTopic().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey().name(), () -> {
                    String json = new String(serialize(e.getKey(), e.getValue()), StandardCharsets.UTF_8);
                    assertThat(schemas.validate(e.getKey(), json)).as(json).isEmpty();
                }))
                .toList();
    }

    @Test
    void fieldNamesAreSnakeCaseOnTheWire() {
        String json = new String(Topics.INBOUND_SNAPSHOTS.valueSerde().serialize("inbound-snapshots",
                SampleEvents.twilioSnapshot()), StandardCharsets.UTF_8);
        assertThat(json).contains("\"schema_version\":1", "\"snapshot_id\"", "\"received_at\":\"2025-01-15T10:00:00-03:00\"",
                "\"content_type\":\"image/jpeg\"");
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddFields() {
        String json = """
                {"schema_version":1,"snapshot_id":"s1","conversation_id":"w:+5491155550001","workspace_id":"w",
                 "user_phone":"+5491155550001","channel":"api","text":"hola","received_at":"2025-01-15T10:00:00-03:00",
                 "a_field_from_the_future":{"x":1}}""";
        InboundSnapshot snapshot = Topics.INBOUND_SNAPSHOTS.valueSerde()
                .deserialize("inbound-snapshots", json.getBytes(StandardCharsets.UTF_8));
        assertThat(snapshot.text()).isEqualTo("hola");
        assertThat(snapshot.messageId()).as("defaults to the snapshot id").isEqualTo("s1");
    }

    @Test
    void aValueThatIsNotJsonIsRefusedNamingTheTopic() {
        assertThatThrownBy(() -> Topics.INBOUND_SNAPSHOTS.valueSerde()
                .deserialize("inbound-snapshots", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic inbound-snapshots: cannot read InboundSnapshot: ");
    }

    @Test
    void aValueWithoutARequiredFieldIsRefusedNamingTheField() {
        String json = """
                {"schema_version":1,"snapshot_id":"s1","workspace_id":"w","user_phone":"+5491155550001",
                 "channel":"api","received_at":"2025-01-15T10:00:00-03:00"}""";
        assertThatThrownBy(() -> Topics.INBOUND_SNAPSHOTS.valueSerde()
                .deserialize("inbound-snapshots", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("topic inbound-snapshots: cannot read InboundSnapshot: missing required field 'conversation_id'");
    }

    @Test
    void aToolWithoutTimeoutOrIdempotenceGetsTheDefaultsInsteadOfAParseError() {
        String json = """
                {"name": "order_status", "kind": "http", "timeout_ms": null,
                 "http": {"url": "https://n8n.example.com/webhook/x"}}""";
        ToolSpec spec = EventMapper.create().readValue(json, ToolSpec.class);
        assertThat(spec.timeoutMs()).isEqualTo(5000);
        assertThat(spec.idempotent()).isFalse();
    }

    @Test
    void anUnknownChannelIsRefused() {
        String json = """
                {"schema_version":1,"snapshot_id":"s1","conversation_id":"w:+1","workspace_id":"w","user_phone":"+1",
                 "channel":"carrier-pigeon","received_at":"2025-01-15T10:00:00-03:00"}""";
        assertThatThrownBy(() -> Topics.INBOUND_SNAPSHOTS.valueSerde()
                .deserialize("inbound-snapshots", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("carrier-pigeon");
    }

    @Test
    void theSchemaListsEveryErrorOfABadWorkspace() {
        String json = """
                {"schema_version":1,"workspace_id":"w1","name":"","timezone":"America/Argentina/Buenos_Aires",
                 "phone_numbers":["4155238886"],"hours":{"funday":[]},"services":[],
                 "booking":{"slot_step_minutes":15,"min_lead_minutes":60,"horizon_days":60,"parallel_chairs":0},
                 "policy":{"max_actions_per_turn":3,"tools":[]}}""";
        assertThat(schemas.validate(Topics.WORKSPACES, json))
                .hasSizeGreaterThanOrEqualTo(4)
                .anyMatch(e -> e.contains("name"))
                .anyMatch(e -> e.contains("phone_numbers"))
                .anyMatch(e -> e.contains("funday"))
                .anyMatch(e -> e.contains("parallel_chairs"));
    }

    @Test
    void theDemoWorkspaceIsTheSalonOfTheSpec() {
        Workspace salon = DemoWorkspace.load();
        assertThat(salon.workspaceId()).isEqualTo(DemoWorkspace.ID);
        assertThat(salon.services()).extracting(Workspace.Service::name).contains("Corte de Cabello", "Coloración");
        assertThat(salon.openingHours(java.time.DayOfWeek.MONDAY)).hasSize(2);
        assertThat(salon.openingHours(java.time.DayOfWeek.SUNDAY)).isEmpty();
        assertThat(salon.booking().parallelChairs()).isEqualTo(2);
    }

    @Test
    void theCatalogNamesEveryTopicOnceWithItsDlqAndSchema() {
        Set<String> names = new HashSet<>();
        for (Topic<String, ?> topic : Topics.all()) {
            assertThat(names.add(topic.name())).as("unique " + topic.name()).isTrue();
            assertThat(getClass().getClassLoader().getResource(topic.schemaResource()))
                    .as("schema of " + topic.name()).isNotNull();
        }
        for (Topic<String, ?> source : Topics.sources()) {
            assertThat(names).contains(source.name() + ".dlq");
        }
        assertThat(names).contains("inbound-snapshots", "decisions", "tool-calls", "tool-results",
                "outbound-messages", "outbound-status", "workspaces", "handoffs", "orchestrator-control");
        assertThat(Topics.WORKSPACES.compacted()).isTrue();
        assertThat(Topics.ORCHESTRATOR_CONTROL.compacted()).isTrue();
    }

    @Test
    void conversationTopicsShareOnePartitionCountForCoPartitioning() {
        assertThat(Map.of(
                "inbound", Topics.INBOUND_SNAPSHOTS.partitions(),
                "results", Topics.TOOL_RESULTS.partitions(),
                "calls", Topics.TOOL_CALLS.partitions(),
                "decisions", Topics.DECISIONS.partitions()).values())
                .containsOnly(Topics.CONVERSATION_PARTITIONS);
    }

    @SuppressWarnings("unchecked")
    @Test
    void aSnapshotPastTheRateLimitSaysSoAndOneWithinItReadsAsBefore() {
        InboundSnapshot within = SampleEvents.twilioSnapshot();
        InboundSnapshot past = within.overRateLimit();

        String withinJson = new String(serialize(Topics.INBOUND_SNAPSHOTS, within), StandardCharsets.UTF_8);
        String pastJson = new String(serialize(Topics.INBOUND_SNAPSHOTS, past), StandardCharsets.UTF_8);

        assertThat(withinJson).doesNotContain("rate_limited");
        assertThat(pastJson).contains("\"rate_limited\":true");
        assertThat(schemas.validate(Topics.INBOUND_SNAPSHOTS, pastJson)).as(pastJson).isEmpty();
        assertThat(roundTrip(Topics.INBOUND_SNAPSHOTS, past)).isEqualTo(past)
                .satisfies(back -> assertThat(((InboundSnapshot) back).pastRateLimit()).isTrue());
        assertThat(((InboundSnapshot) roundTrip(Topics.INBOUND_SNAPSHOTS, within)).pastRateLimit()).isFalse();
        assertThat(schemas.validate(Topics.INBOUND_SNAPSHOTS, pastJson.replace("\"rate_limited\":true",
                "\"rate_limited\":\"yes\""))).isNotEmpty();
    }

    private static <V> byte[] serialize(Topic<String, ?> topic, Object value) {
        Topic<String, V> typed = (Topic<String, V>) topic;
        return typed.valueSerde().serialize(topic.name(), (V) value);
    }

    private static Object roundTrip(Topic<String, ?> topic, Object value) {
        return topic.valueSerde().deserialize(topic.name(), serialize(topic, value));
    }
}
