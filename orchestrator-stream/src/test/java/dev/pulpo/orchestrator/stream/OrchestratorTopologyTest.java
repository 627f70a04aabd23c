package dev.pulpo.orchestrator.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.LegacyDialogue;
import dev.pulpo.orchestrator.nlu.SpanishUnderstanding;
import dev.pulpo.orchestrator.policy.ToolPolicy;
import dev.pulpo.orchestrator.reply.Replies;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.orchestrator.turn.ConversationEngine;
import dev.pulpo.orchestrator.turn.Emission;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorTopologyTest {

    @TempDir
    Path stateDir;

    private OrchestratorHarness harness;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Workspace> workspaces;
    private TestInputTopic<String, InboundSnapshot> snapshots;
    private TestInputTopic<String, ToolResult> toolResults;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<String, ToolCall> toolCalls;
    private TestOutputTopic<String, OutboundMessage> outbound;
    private TestOutputTopic<String, DeadLetter> snapshotsDlq;

    @BeforeEach
    void startTopology() {
        harness = new OrchestratorHarness(stateDir);
        driver = harness.driver;
        workspaces = input(Topics.WORKSPACES);
        snapshots = input(Topics.INBOUND_SNAPSHOTS);
        toolResults = input(Topics.TOOL_RESULTS);
        decisions = output(Topics.DECISIONS);
        toolCalls = output(Topics.TOOL_CALLS);
        outbound = output(Topics.OUTBOUND_MESSAGES);
        snapshotsDlq = output(Topics.INBOUND_SNAPSHOTS.dlq());
    }

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    @Test
    void anEmissionNoBranchKnowsFailsTheStepInsteadOfVanishing() {
        // Given the split's default branch
        assertThat(harness.description.toString()).contains(OrchestratorTopology.FAIL_UNROUTED);

        // When / Then: it refuses any emission that reaches it, naming its kind and not the customer's phone
        Emission stray = new Emission.DecisionMade(null);
        assertThatThrownBy(() -> OrchestratorTopology.failUnrouted(SampleEvents.CONVERSATION, stray))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DecisionMade")
                .hasMessageNotContaining(SampleEvents.PHONE);
    }

    @Test
    void aGreetingIsAnsweredOnTheLegacyRouteWithoutTools() {
        // Given / When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "hola!"));

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.isFinal()).isTrue();
        assertThat(decision.route()).isEqualTo("legacy");
        assertThat(decision.intent()).isEqualTo("greeting");
        assertThat(decision.actions()).isEmpty();
        assertThat(decision.assistant()).containsIgnoringCase("hola");
        assertThat(decision.snapshotId()).isEqualTo("s1");
        assertThat(toolCalls.isEmpty()).isTrue();
        assertThat(outbound.isEmpty()).as("an api-channel turn replies in the HTTP answer only").isTrue();
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void anHoursQuestionCallsTheToolAndAnswersFromItsResult() {
        // Given
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "cual es el horario?"));
        Decision planned = decisions.readValue();
        ToolCall call = toolCalls.readValue();
        assertThat(planned.isFinal()).isFalse();
        assertThat(planned.actions()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo("planned"));
        assertThat(call.tool()).isEqualTo("get_business_hours");
        assertThat(call.turnTime()).isEqualTo(SampleEvents.NOW);

        // When
        driver.advanceWallClockTime(java.time.Duration.ofMillis(40));
        toolResults.pipeInput(call.conversationId(), new ToolResult(ToolResult.VERSION, call.callId(),
                call.decisionId(), call.conversationId(), call.workspaceId(), call.tool(), ToolResult.OK,
                Map.of("hours", Map.of("monday", List.of(List.of("09:00", "13:00")))), null, 3,
                SampleEvents.NOW));

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.isFinal()).isTrue();
        assertThat(decision.decisionId()).isEqualTo(planned.decisionId());
        assertThat(decision.intent()).isEqualTo("info_hours");
        assertThat(decision.actions()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo("ok"));
        assertThat(decision.assistant()).contains("Lunes: 09:00-13:00").contains("Domingo: cerrado");
        assertThat(decision.debug().tBrokerMs()).isEqualTo(40);
        assertThat(decision.debug().tTotalMs()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aTwilioMessageIsAlsoRepliedThroughOutboundMessages() {
        snapshots.pipeInput(SampleEvents.CONVERSATION, new InboundSnapshot(InboundSnapshot.VERSION, "s1",
                SampleEvents.CONVERSATION, DemoWorkspace.ID, SampleEvents.PHONE, Channel.TWILIO, "SM1", "hola", List.of(),
                null, "+14155238886", null, SampleEvents.NOW));

        OutboundMessage reply = outbound.readValue();
        assertThat(reply.to()).isEqualTo(SampleEvents.PHONE);
        assertThat(reply.from()).isEqualTo("+14155238886");
        assertThat(reply.body()).isEqualTo(decisions.readValue().assistant());
    }

    @Test
    void aCustomerPastTheRateLimitIsToldToSlowDownOnceWithoutATurnUntilAMessageIsAnsweredAgain() {
        // Given a Twilio customer the gateway marked as past the rate limit
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s1", "SM1", "hola").overRateLimit());

        // Then they are told, once, without a turn: no understanding, no tools
        Decision notice = decisions.readValue();
        assertThat(notice.isFinal()).isTrue();
        assertThat(notice.intent()).isEqualTo("rate_limited");
        assertThat(notice.actions()).isEmpty();
        assertThat(notice.assistant()).isEqualTo(new Replies().tooManyMessages()).contains("muchos mensajes");
        assertThat(outbound.readValue().body()).isEqualTo(notice.assistant());
        assertThat(toolCalls.isEmpty()).isTrue();
        assertThat(harness.counter("orchestrator_requests_total", "route", "legacy")).as("not a turn").isZero();

        // When more marked messages come (the next minute's), nothing more is said
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s2", "SM2", "hola??").overRateLimit());
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s3", "SM3", "HOLA").overRateLimit());
        assertThat(decisions.isEmpty()).isTrue();
        assertThat(outbound.isEmpty()).isTrue();

        // When a message within the limit comes, it is answered as ever
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s4", "SM4", "hola"));
        assertThat(decisions.readValue().intent()).isEqualTo("greeting");
        assertThat(outbound.readValue().body()).containsIgnoringCase("hola");

        // Then a later burst past the limit is told again, once
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s5", "SM5", "hola").overRateLimit());
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s6", "SM6", "hola").overRateLimit());
        assertThat(decisions.readValuesToList()).extracting(Decision::intent).containsExactly("rate_limited");
        assertThat(outbound.readValuesToList()).hasSize(1);
    }

    @Test
    void aMarkedMessageArrivingWhileATurnWaitsForToolsIsToldAfterIt() {
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s1", "SM1", "cual es el horario?"));
        ToolCall call = toolCalls.readValue();
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s2", "SM2", "?").overRateLimit());
        assertThat(decisions.readValuesToList()).extracting(Decision::isFinal).containsExactly(false);

        toolResults.pipeInput(call.conversationId(), ok(call, Map.of("hours", Map.of())));

        assertThat(decisions.readValuesToList()).extracting(Decision::intent)
                .containsExactly("info_hours", "rate_limited");
    }

    private static InboundSnapshot twilio(String snapshotId, String messageSid, String text) {
        return new InboundSnapshot(InboundSnapshot.VERSION, snapshotId, SampleEvents.CONVERSATION, DemoWorkspace.ID,
                SampleEvents.PHONE, Channel.TWILIO, messageSid, text, List.of(), null, "+14155238886", null,
                SampleEvents.NOW);
    }

    @Test
    void aMalformedSnapshotGoesToTheDlqWithItsReasonAndTheNextOneIsAnswered() {
        // Given: a value nobody can read
        driver.createInputTopic(Topics.INBOUND_SNAPSHOTS.name(), new StringSerializer(), new StringSerializer())
                .pipeInput(SampleEvents.CONVERSATION, "{\"schema_version\":1,\"text\":");

        // When: a good one follows
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s2", "hola"));

        // Then
        DeadLetter dead = snapshotsDlq.readValue();
        assertThat(dead.sourceTopic()).isEqualTo("inbound-snapshots");
        assertThat(dead.reason()).startsWith("topic inbound-snapshots: cannot read InboundSnapshot");
        assertThat(dead.value()).isEqualTo("{\"schema_version\":1,\"text\":");
        assertThat(dead.service()).isEqualTo("orchestrator-stream");
        assertThat(decisions.readValue().snapshotId()).isEqualTo("s2");
    }

    @Test
    void aSnapshotOfAnUnknownWorkspaceGoesToTheDlq() {
        String conversation = "nowhere:+5491155550009";
        snapshots.pipeInput(conversation, new InboundSnapshot(InboundSnapshot.VERSION, "s1", conversation, "nowhere",
                "+5491155550009", Channel.API, null, "hola", List.of(), null, null, null, SampleEvents.NOW));

        assertThat(snapshotsDlq.readValue().reason()).isEqualTo("unknown workspace nowhere");
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void theSameChannelMessageDeliveredTwiceGivesOneTurn() {
        InboundSnapshot first = new InboundSnapshot(InboundSnapshot.VERSION, "s1", SampleEvents.CONVERSATION,
                DemoWorkspace.ID, SampleEvents.PHONE, Channel.TWILIO, "SM-retried", "hola", List.of(), null, null, null,
                SampleEvents.NOW);
        InboundSnapshot retry = new InboundSnapshot(InboundSnapshot.VERSION, "s2", SampleEvents.CONVERSATION,
                DemoWorkspace.ID, SampleEvents.PHONE, Channel.TWILIO, "SM-retried", "hola", List.of(), null, null, null,
                SampleEvents.NOW);

        snapshots.pipeInput(SampleEvents.CONVERSATION, first);
        snapshots.pipeInput(SampleEvents.CONVERSATION, retry);

        assertThat(decisions.readValuesToList()).hasSize(1);
        assertThat(outbound.readValuesToList()).hasSize(1);
    }

    @Test
    void aToolOutsideTheWorkspacesPolicyIsDeniedAndNeverLeaves() {
        // Given: a salon that does not let the assistant read its hours
        Workspace demo = DemoWorkspace.load();
        workspaces.pipeInput(DemoWorkspace.ID, demo.withPolicy(new Workspace.Policy(3, List.of("get_services"))));

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "a que hora abren?"));

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.isFinal()).isTrue();
        assertThat(decision.actions()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo("denied");
            assertThat(a.reason()).contains("not in the manifest");
        });
        assertThat(toolCalls.isEmpty()).isTrue();
        assertThat(harness.meters.get("orchestrator.policy.denials").tag("route", "legacy").tag("reason", "unknown_tool").counter().count())
                .isEqualTo(1);
    }

    @Test
    void relativeDatesResolveAgainstTheSnapshotsClockNotTheWall() {
        // Given: a message written on 2025-01-15, replayed whenever
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "quiero un corte para mañana"));

        // Then
        ToolCall check = toolCalls.readValue();
        assertThat(check.tool()).isEqualTo("check_availability");
        assertThat(check.args()).containsEntry("date", "2025-01-16").containsEntry("service", "Corte de Cabello");
    }

    @Test
    void aBookingPastTheCustomersLimitOfOpenBookingsSaysSoAndWhatToDoInsteadOfOfferingTimes() {
        // Given a customer asking for a free corte tomorrow at 10
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "quiero un corte para mañana a las 10"));
        ToolCall check = toolCalls.readValue();
        assertThat(check.tool()).isEqualTo("check_availability");
        toolResults.pipeInput(check.conversationId(), ok(check, Map.of("status", "ok", "service", "Corte de Cabello",
                "date", "2025-01-16", "free_times", List.of("10:00"), "time", "10:00", "time_free", true)));
        ToolCall book = toolCalls.readValue();
        assertThat(book.tool()).isEqualTo("book_appointment");

        // When tool-executor answers that they already hold three open bookings
        toolResults.pipeInput(book.conversationId(), ok(book, Map.of("status", "limit_reached", "limit", 3)));

        // Then the reply says so, in their words, and offers no other time
        Decision decision = decisions.readValuesToList().getLast();
        assertThat(decision.isFinal()).isTrue();
        assertThat(decision.intent()).isEqualTo("book");
        assertThat(decision.assistant())
                .isEqualTo("Ya tenés 3 turnos reservados; para sacar otro, cancelá o cambiá uno de ellos.");
        assertThat(new Replies().bookingLimit(1)).isEqualTo("Ya tenés 1 turno reservado; para sacar otro, cancelalo o cambialo.");

        // and the booking flow is over: a thank-you is a goodbye, not a new try at booking
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s2", "ok gracias"));
        assertThat(decisions.readValue().intent()).isEqualTo("goodbye");
        assertThat(toolCalls.isEmpty()).isTrue();
    }

    @Test
    void aMessageArrivingWhileATurnWaitsForToolsIsAnsweredAfterIt() {
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "horarios?"));
        ToolCall call = toolCalls.readValue();
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s2", "gracias!"));
        assertThat(decisions.readValuesToList()).extracting(Decision::isFinal).containsExactly(false);

        toolResults.pipeInput(call.conversationId(), new ToolResult(ToolResult.VERSION, call.callId(), call.decisionId(),
                call.conversationId(), call.workspaceId(), call.tool(), ToolResult.OK, Map.of(), null, 1,
                SampleEvents.NOW));

        assertThat(decisions.readValuesToList()).extracting(Decision::snapshotId, Decision::intent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", "info_hours"),
                        org.assertj.core.groups.Tuple.tuple("s2", "goodbye"));
    }

    @Test
    void afterAHandoffTheAssistantStaysSilentUntilAReleaseAndWhoeverTakesOverGetsTheLastTurns() {
        // Given a customer who asks for a person
        TestOutputTopic<String, Handoff> handoffs = output(Topics.HANDOFFS);
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "quiero hablar con una persona"));
        ToolCall call = toolCalls.readValue();
        assertThat(call.tool()).isEqualTo("handoff_to_human");
        toolResults.pipeInput(call.conversationId(), ok(call, Map.of("status", "handed_off")));
        assertThat(decisions.readValuesToList().getLast().assistant()).contains("persona");

        // Then the conversation is handed over with its last turns
        Handoff handoff = handoffs.readValue();
        assertThat(handoff.kind()).isEqualTo("handoff");
        assertThat(handoff.lastTurns()).extracting(Handoff.Turn::role).containsExactly("customer", "assistant");
        assertThat(handoff.lastTurns().getFirst().text()).isEqualTo("quiero hablar con una persona");

        // When the customer writes again, the assistant only records it
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s2", "hola? cuanto sale el corte?"));
        Decision silent = decisions.readValue();
        assertThat(silent.intent()).isEqualTo("human_handoff");
        assertThat(silent.assistant()).isNull();
        assertThat(toolCalls.isEmpty()).isTrue();

        // And after a release it answers again
        input(Topics.HANDOFFS).pipeInput(SampleEvents.CONVERSATION, new Handoff(Handoff.VERSION,
                SampleEvents.CONVERSATION, DemoWorkspace.ID, Handoff.RELEASE, "released by operator", List.of(),
                SampleEvents.NOW));
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s3", "hola"));
        assertThat(decisions.readValue().intent()).isEqualTo("greeting");
    }

    @Test
    void theHandoffSilenceEndsByItselfAfterTheWorkspacesTimeout() {
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "pasame con la encargada"));
        ToolCall call = toolCalls.readValue();
        toolResults.pipeInput(call.conversationId(), ok(call, Map.of("status", "handed_off")));
        decisions.readValuesToList();

        // 240 minutes of silence later (the demo's default), on the turn's clock
        InboundSnapshot later = new InboundSnapshot(InboundSnapshot.VERSION, "s2", SampleEvents.CONVERSATION,
                DemoWorkspace.ID, SampleEvents.PHONE, Channel.API, null, "hola", List.of(), null, null, null,
                SampleEvents.NOW.plusMinutes(241));
        snapshots.pipeInput(SampleEvents.CONVERSATION, later);

        assertThat(decisions.readValue().intent()).isEqualTo("greeting");
    }

    private static ToolResult ok(ToolCall call, Map<String, Object> result) {
        return new ToolResult(ToolResult.VERSION, call.callId(), call.decisionId(), call.conversationId(),
                call.workspaceId(), call.tool(), ToolResult.OK, result, null, 1, SampleEvents.NOW);
    }

    @Test
    void aPhotoWithoutTextGetsAPoliteAnswerSayingWhatTheAssistantReads() {
        snapshots.pipeInput(SampleEvents.CONVERSATION, new InboundSnapshot(InboundSnapshot.VERSION, "s1",
                SampleEvents.CONVERSATION, DemoWorkspace.ID, SampleEvents.PHONE, Channel.TWILIO, "SM-photo", "",
                List.of(new dev.pulpo.schemas.event.Media("https://api.twilio.com/m/1", "image/jpeg")), null, null,
                null, SampleEvents.NOW));

        Decision decision = decisions.readValue();
        assertThat(decision.assistant()).contains("solo puedo leer mensajes de texto");
        assertThat(outbound.readValue().body()).isEqualTo(decision.assistant());
    }

    @Test
    void aTurnWhoseToolResultNeverComesIsAnsweredAtItsDeadlineAndTheNextMessageGoesOn() {
        // Given a turn waiting for a tool executor that is down, and a message queued behind it
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "horarios?"));
        toolCalls.readValue();
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s2", "gracias"));
        assertThat(decisions.readValuesToList()).extracting(Decision::isFinal).containsExactly(false);

        // When the wall clock passes the broker timeout (5 s by default)
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(6));

        // Then the turn is answered without its result, and the queued message right after
        List<Decision> finals = decisions.readValuesToList();
        assertThat(finals).extracting(Decision::snapshotId).containsExactly("s1", "s2");
        assertThat(finals.getFirst().actions()).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo("timeout"));
        assertThat(finals.getFirst().assistant()).contains("no pude consultarlo");
        assertThat(finals.get(1).intent()).isEqualTo("goodbye");
    }

    @Test
    void aConversationSilentPastTheRetentionIsDeletedAndAFreshOneStarts() {
        // Given a booking in progress
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "quiero un turno de corte"));
        decisions.readValuesToList();
        org.apache.kafka.streams.state.KeyValueStore<String, Object> conversations =
                driver.getKeyValueStore(OrchestratorTopology.CONVERSATIONS_STORE);
        assertThat(conversations.get(SampleEvents.CONVERSATION)).isNotNull();

        // When 90 days pass without a word (the default retention), on the wall clock
        driver.advanceWallClockTime(java.time.Duration.ofDays(91));

        // Then the conversation's state is gone
        assertThat(conversations.get(SampleEvents.CONVERSATION)).isNull();
    }

    @Test
    void metricsCountTheTurnByRoute() {
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "hola"));

        assertThat(harness.meters.get("orchestrator.requests").tag("route", "legacy").counter().count()).isEqualTo(1);
        assertThat(harness.meters.get("orchestrator.latency.ms").tag("route", "legacy").summary().count()).isEqualTo(1);
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

}
