package dev.pulpo.orchestrator.stream;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.slm.SlmSettings;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.orchestrator.testing.OllamaStub;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.FlagUpdate;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ModelReply;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.event.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The slm_pipeline route through the real topology and the real model client, against a local server that
 * speaks Ollama's wire protocol: each stage's model, the fallbacks to legacy, the shadow comparison, the
 * automatic rollback, and conversations that do not wait for each other's models.
 */
class SlmRouteTest {
    private static final String EXTRACTOR = "qwen2.5:7b";
    private static final String LARGER = "qwen2.5:14b";
    private static final String RESPONDER = "phi3:mini";

    @TempDir
    Path stateDir;

    private final OllamaStub ollama = new OllamaStub();
    private final ListAppender<ILoggingEvent> telemetryLog = new ListAppender<>();
    private OrchestratorHarness harness;
    private TestInputTopic<String, InboundSnapshot> snapshots;
    private TestInputTopic<String, ToolResult> toolResults;
    private TestInputTopic<String, FlagUpdate> control;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<String, ToolCall> toolCalls;
    private TestOutputTopic<String, FlagUpdate> controlOut;

    @BeforeEach
    void captureTelemetry() {
        telemetryLog.start();
        ((Logger) LoggerFactory.getLogger(TurnTelemetry.class)).addAppender(telemetryLog);
    }

    @AfterEach
    void close() throws InterruptedException {
        ((Logger) LoggerFactory.getLogger(TurnTelemetry.class)).detachAppender(telemetryLog);
        if (harness != null) {
            harness.close();
        }
        ollama.close();
    }

    /** Generous model timeouts: a loaded CI machine must not turn these tests into timeout tests. */
    private void start(Duration extractorTimeout, int rollbackTurns) {
        SlmSettings slm = new SlmSettings(ollama.baseUrl(), EXTRACTOR, EXTRACTOR, RESPONDER, LARGER, 0.7, true,
                extractorTimeout, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 4, rollbackTurns, rollbackTurns, 0.5);
        harness = new OrchestratorHarness(stateDir, OrchestratorSettings.defaults(), slm);
        snapshots = harness.input(Topics.INBOUND_SNAPSHOTS);
        toolResults = harness.input(Topics.TOOL_RESULTS);
        control = harness.input(Topics.ORCHESTRATOR_CONTROL);
        decisions = harness.output(Topics.DECISIONS);
        toolCalls = harness.output(Topics.TOOL_CALLS);
        controlOut = harness.output(Topics.ORCHESTRATOR_CONTROL);
        // The environment says legacy; the demo workspace's own run-time flags send it all to the SLM route.
        control.pipeInput(DemoWorkspace.ID, new FlagUpdate(FlagUpdate.VERSION, DemoWorkspace.ID, true, 0, "test",
                SampleEvents.NOW));
    }

    private void start() {
        start(Duration.ofSeconds(5), 50);
    }

    @Test
    void aGreetingIsExtractedAndWordedByTheModels() throws InterruptedException {
        // Given
        start();
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, """
                {"intent":"greeting","confidence":0.95,"service":null,"date":null,"time":null}""");
        ollama.answers(RESPONDER, OllamaStub.NLG, "¡Hola! Soy el asistente de la peluquería, ¿en qué te ayudo?");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "holaa"));
        assertThat(decisions.isEmpty()).as("the turn waits for its model, off the stream thread").isTrue();
        assertThat(harness.deliverModelReply().stage()).isEqualTo("extract");
        assertThat(harness.deliverModelReply().stage()).isEqualTo("nlg");

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.isFinal()).isTrue();
        assertThat(decision.route()).isEqualTo(Decision.ROUTE_SLM);
        assertThat(decision.fallback()).isNull();
        assertThat(decision.intent()).isEqualTo("greeting");
        assertThat(decision.confidence()).isEqualTo(0.95);
        assertThat(decision.actions()).isEmpty();
        assertThat(decision.assistant()).isEqualTo("¡Hola! Soy el asistente de la peluquería, ¿en qué te ayudo?");
        assertThat(decision.pipelineVersion()).isEqualTo("slm-1");
        assertThat(harness.counter("orchestrator.requests", "route", "slm_pipeline")).isEqualTo(1);
        assertThat(harness.counter("orchestrator.shadow.agreement", "agree", "true")).isEqualTo(1);
        assertThat(harness.counter("orchestrator.model.calls", "stage", "extract", "outcome", "ok")).isEqualTo(1);
        assertThat(harness.counter("orchestrator.model.calls", "stage", "nlg", "outcome", "ok")).isEqualTo(1);
        // The extractor asked for JSON, deterministically, without streaming: Ollama's wire format.
        ollama.server().verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(EXTRACTOR)))
                .withRequestBody(matchingJsonPath("$.format", equalTo("json")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.options.temperature", equalTo("0.0"))));
    }

    @Test
    void theTelemetryLineOfAnSlmTurnHasEveryFieldInTheGuidesOrder() throws InterruptedException {
        // Given
        start();
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"greeting\",\"confidence\":0.9}");
        ollama.answers(RESPONDER, OllamaStub.NLG, "¡Hola! ¿Qué necesitás?");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "buenas"));
        harness.deliverModelReply();
        harness.deliverModelReply();

        // Then
        String line = telemetryLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("TELEMETRY ")).findFirst().orElseThrow();
        assertThat(line).matches("TELEMETRY route=slm_pipeline workspace=" + DemoWorkspace.ID
                + " intent=greeting confidence=0\\.90 actions=0 t_extract_ms=\\d+ t_plan_ms=0 t_policy_ms=0"
                + " t_broker_ms=0 t_reduce_ms=0 t_nlg_ms=\\d+ t_total_ms=\\d+");
    }

    @Test
    void anHoursQuestionIsPlannedByTheModelCheckedByThePolicyAndKeepsTheTemplateWhenTheWordsDropAFact()
            throws InterruptedException {
        // Given
        start();
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"info_hours\",\"confidence\":0.93}");
        ollama.answers(EXTRACTOR, OllamaStub.PLANNER,
                "{\"calls\":[{\"tool\":\"get_business_hours\",\"args\":{}}]}");
        ollama.answers(RESPONDER, OllamaStub.NLG, "¡Abrimos todos los días!");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "a que hora abren?"));
        harness.deliverModelReply();
        assertThat(harness.deliverModelReply().stage()).isEqualTo("plan");
        ToolCall call = toolCalls.readValue();
        assertThat(call.tool()).isEqualTo("get_business_hours");
        assertThat(decisions.readValue().isFinal()).isFalse();
        toolResults.pipeInput(call.conversationId(), new ToolResult(ToolResult.VERSION, call.callId(),
                call.decisionId(), call.conversationId(), call.workspaceId(), call.tool(), ToolResult.OK,
                Map.of("hours", Map.of("monday", List.of(List.of("09:00", "13:00")))), null, 3, SampleEvents.NOW));
        assertThat(harness.deliverModelReply().stage()).isEqualTo("nlg");

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.route()).isEqualTo(Decision.ROUTE_SLM);
        assertThat(decision.intent()).isEqualTo("info_hours");
        assertThat(decision.actions()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo("ok"));
        assertThat(decision.assistant()).as("the words lost the hours: the template's reply goes out")
                .contains("Lunes: 09:00-13:00");
        assertThat(harness.counter("orchestrator.model.calls", "stage", "nlg", "outcome", "invalid")).isEqualTo(1);
    }

    @Test
    void aPlannedCallThatBreaksTheManifestIsDeniedByThePolicy() throws InterruptedException {
        // Given
        start();
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"info_hours\",\"confidence\":0.93}");
        ollama.answers(EXTRACTOR, OllamaStub.PLANNER, "{\"calls\":[{\"tool\":\"delete_database\",\"args\":{}}]}");
        ollama.answers(RESPONDER, OllamaStub.NLG, "Perdón, no pude consultarlo.");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "horarios?"));
        harness.deliverModelReply();
        harness.deliverModelReply();
        harness.deliverModelReply();

        // Then
        assertThat(toolCalls.isEmpty()).isTrue();
        Decision decision = decisions.readValue();
        assertThat(decision.actions()).singleElement().satisfies(a -> {
            assertThat(a.tool()).isEqualTo("delete_database");
            assertThat(a.status()).isEqualTo(ToolResult.DENIED);
        });
        assertThat(harness.counter("orchestrator.policy.denials", "route", "slm_pipeline", "reason", "unknown_tool"))
                .isEqualTo(1);
    }

    @Test
    void aQuestionOnlyTheWorkspacesOwnToolCanAnswerIsPlannedOntoItAndAnsweredInItsWords()
            throws InterruptedException {
        // Given a salon with an HTTP tool of its own (its n8n flow answers gift card balances)
        start();
        harness.input(Topics.WORKSPACES).pipeInput(DemoWorkspace.ID, withGiftCardTool(DemoWorkspace.load()));
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"out_of_scope\",\"confidence\":0.9}");
        ollama.answers(EXTRACTOR, OllamaStub.PLANNER,
                "{\"calls\":[{\"tool\":\"gift_card_balance\",\"args\":{\"code\":\"ABC123\"}}]}");
        ollama.answers(RESPONDER, OllamaStub.NLG, "¡Buenísimo! Tu gift card ABC123 tiene $5.000 para usar.");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "saldo de la gift card ABC123?"));
        harness.deliverModelReply();
        assertThat(harness.deliverModelReply().stage()).isEqualTo("plan");
        ToolCall call = toolCalls.readValue();
        assertThat(call.tool()).isEqualTo("gift_card_balance");
        assertThat(call.args()).containsEntry("code", "ABC123");
        toolResults.pipeInput(call.conversationId(), new ToolResult(ToolResult.VERSION, call.callId(),
                call.decisionId(), call.conversationId(), call.workspaceId(), call.tool(), ToolResult.OK,
                Map.of("reply", "Tu gift card ABC123 tiene $5.000 de saldo."), null, 40, SampleEvents.NOW));
        harness.deliverModelReply();

        // Then
        Decision decision = decisions.readValuesToList().getLast();
        assertThat(decision.isFinal()).isTrue();
        assertThat(decision.fallback()).isNull();
        assertThat(decision.actions()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo("ok"));
        assertThat(decision.assistant()).isEqualTo("¡Buenísimo! Tu gift card ABC123 tiene $5.000 para usar.");
    }

    @Test
    void aToolsOwnReplyLongerThanOneWhatsAppMessageIsCutToOne() throws InterruptedException {
        // Given a salon's own tool whose answer is 5,000 characters, and an NLG that cannot word it
        start();
        harness.input(Topics.WORKSPACES).pipeInput(DemoWorkspace.ID, withGiftCardTool(DemoWorkspace.load()));
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"out_of_scope\",\"confidence\":0.9}");
        ollama.answers(EXTRACTOR, OllamaStub.PLANNER,
                "{\"calls\":[{\"tool\":\"gift_card_balance\",\"args\":{\"code\":\"ABC123\"}}]}");
        ollama.lacks(RESPONDER, OllamaStub.NLG);

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "saldo de la gift card ABC123?"));
        harness.deliverModelReply();
        harness.deliverModelReply();
        ToolCall call = toolCalls.readValue();
        toolResults.pipeInput(call.conversationId(), new ToolResult(ToolResult.VERSION, call.callId(),
                call.decisionId(), call.conversationId(), call.workspaceId(), call.tool(), ToolResult.OK,
                Map.of("reply", "Saldo: " + "$5.000 ".repeat(700)), null, 40, SampleEvents.NOW));
        harness.deliverModelReply();

        // Then the template's reply goes out, cut to Twilio's 1,600 characters
        Decision decision = decisions.readValuesToList().getLast();
        assertThat(decision.isFinal()).isTrue();
        assertThat(decision.assistant()).startsWith("Saldo: $5.000").hasSize(1_600).endsWith("…");
    }

    @Test
    void anAnswerTooLongForTheContractIsNotReadAndTheTurnGoesToLegacy() throws InterruptedException {
        // Given an extractor that answers valid JSON, padded to 10,000 characters
        start();
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR,
                "{\"intent\":\"greeting\",\"confidence\":0.95,\"note\":\"" + "x".repeat(10_000) + "\"}");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "hola!"));
        harness.deliverModelReply();

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.fallback()).isEqualTo(Decision.FALLBACK_INVALID_OUTPUT);
        assertThat(decision.intent()).isEqualTo("greeting");
        assertThat(harness.counter("orchestrator.model.calls", "stage", "extract", "outcome", "invalid")).isEqualTo(1);
    }

    @Test
    void aQuestionNoneOfTheWorkspacesToolsServesGetsTheOutOfScopeAnswer() throws InterruptedException {
        // Given
        start();
        harness.input(Topics.WORKSPACES).pipeInput(DemoWorkspace.ID, withGiftCardTool(DemoWorkspace.load()));
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"out_of_scope\",\"confidence\":0.9}");
        ollama.answers(EXTRACTOR, OllamaStub.PLANNER, "{\"calls\":[]}");
        ollama.answers(RESPONDER, OllamaStub.NLG, "Perdón, con eso no te puedo ayudar.");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "va a llover mañana?"));
        harness.deliverModelReply();
        harness.deliverModelReply();
        harness.deliverModelReply();

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.intent()).isEqualTo("out_of_scope");
        assertThat(decision.fallback()).isNull();
        assertThat(decision.actions()).isEmpty();
        assertThat(toolCalls.isEmpty()).isTrue();
    }

    private static Workspace withGiftCardTool(Workspace w) {
        ToolSpec giftCards = new ToolSpec("gift_card_balance", "Saldo de una gift card del local, por su código",
                ToolSpec.HTTP, Map.of("type", "object", "required", List.of("code"),
                        "properties", Map.of("code", Map.of("type", "string"))), 3_000, true,
                new ToolSpec.Http("https://n8n.example.com/webhook/gift-card", null, null));
        List<String> allowed = new java.util.ArrayList<>(w.policy().tools());
        allowed.add(giftCards.name());
        List<ToolSpec> tools = new java.util.ArrayList<>(w.tools());
        tools.add(giftCards);
        return new Workspace(w.schemaVersion(), w.workspaceId(), w.name(), w.locale(), w.timezone(), w.currency(),
                w.phoneNumbers(), w.address(), w.hours(), w.services(), w.booking(),
                new Workspace.Policy(w.policy().maxActionsPerTurn(), allowed), tools, w.handoff());
    }

    @Test
    void anExtractorTooSlowForItsTimeoutSendsTheTurnToLegacy() throws InterruptedException {
        // Given
        start(Duration.ofMillis(200), 50);
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"greeting\",\"confidence\":0.9}", 3_000);

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "hola!"));
        ModelReply reply = harness.deliverModelReply();

        // Then
        assertThat(reply.outcome()).isEqualTo(ModelReply.TIMEOUT);
        Decision decision = decisions.readValue();
        assertThat(decision.route()).as("the canary's route stays on the decision").isEqualTo(Decision.ROUTE_SLM);
        assertThat(decision.fallback()).isEqualTo(Decision.FALLBACK_TIMEOUT);
        assertThat(decision.intent()).isEqualTo("greeting");
        assertThat(decision.assistant()).containsIgnoringCase("hola");
        assertThat(decision.pipelineVersion()).isEqualTo("legacy-1");
        assertThat(harness.counter("orchestrator.fallbacks", "reason", "timeout")).isEqualTo(1);
        assertThat(harness.counter("orchestrator.model.calls", "stage", "extract", "outcome", "timeout")).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotTheContractsJsonSendsTheTurnToLegacy() throws InterruptedException {
        // Given
        start();
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "Claro, es un saludo.");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "hola!"));
        harness.deliverModelReply();

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.fallback()).isEqualTo(Decision.FALLBACK_INVALID_OUTPUT);
        assertThat(decision.intent()).isEqualTo("greeting");
        assertThat(harness.counter("orchestrator.fallbacks", "reason", "invalid_output")).isEqualTo(1);
    }

    @Test
    void aModelOllamaDoesNotHaveSendsTheTurnToLegacy() throws InterruptedException {
        // Given
        start();
        ollama.lacks(EXTRACTOR, OllamaStub.EXTRACTOR);

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "hola!"));
        ModelReply reply = harness.deliverModelReply();

        // Then
        assertThat(reply.outcome()).isEqualTo(ModelReply.ERROR);
        assertThat(decisions.readValue().fallback()).isEqualTo(Decision.FALLBACK_MODEL_ERROR);
    }

    @Test
    void anUnsureExtractionIsAskedAgainOfTheLargerModel() throws InterruptedException {
        // Given
        start();
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"out_of_scope\",\"confidence\":0.4}");
        ollama.answers(LARGER, OllamaStub.EXTRACTOR, "{\"intent\":\"greeting\",\"confidence\":0.92}");
        ollama.answers(RESPONDER, OllamaStub.NLG, "¡Hola! ¿Qué necesitás?");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "wenas"));
        assertThat(harness.deliverModelReply().model()).isEqualTo(EXTRACTOR);
        assertThat(harness.deliverModelReply().model()).isEqualTo(LARGER);
        harness.deliverModelReply();

        // Then
        Decision decision = decisions.readValue();
        assertThat(decision.fallback()).isNull();
        assertThat(decision.intent()).isEqualTo("greeting");
        assertThat(decision.confidence()).isEqualTo(0.92);
    }

    @Test
    void anExtractionStillUnsureOnTheLargerModelSendsTheTurnToLegacy() throws InterruptedException {
        // Given
        start();
        ollama.answers(EXTRACTOR, OllamaStub.EXTRACTOR, "{\"intent\":\"out_of_scope\",\"confidence\":0.4}");
        ollama.answers(LARGER, OllamaStub.EXTRACTOR, "{\"intent\":\"out_of_scope\",\"confidence\":0.5}");

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "hola, cuanto sale el corte?"));
        harness.deliverModelReply();
        harness.deliverModelReply();

        // Then
        Decision planned = decisions.readValue();
        assertThat(planned.fallback()).isEqualTo(Decision.FALLBACK_LOW_CONFIDENCE);
        assertThat(planned.intent()).as("the legacy rules answered").isEqualTo("info_price");
        assertThat(harness.counter("orchestrator.fallbacks", "reason", "low_confidence")).isEqualTo(1);
    }

    @Test
    void aSlowModelHoldsUpOnlyItsOwnConversation() throws InterruptedException {
        // Given: one customer's message keeps the extractor busy for 3 s, another's is read at once
        start();
        ollama.answers(EXTRACTOR, "mensaje largo", "{\"intent\":\"greeting\",\"confidence\":0.9}", 3_000);
        // (markers are words of the messages that no prompt holds)
        ollama.answers(EXTRACTOR, "tarifas del local", "{\"intent\":\"info_price\",\"confidence\":0.9}");
        ollama.answers(EXTRACTOR, OllamaStub.PLANNER, "{\"calls\":[{\"tool\":\"get_services\",\"args\":{}}]}");
        String slow = ConversationId.of(DemoWorkspace.ID, "+5491155550002");

        // When
        snapshots.pipeInput(slow, new InboundSnapshot(InboundSnapshot.VERSION, "slow-1", slow, DemoWorkspace.ID,
                "+5491155550002", SampleEvents.snapshot("x", "").channel(), null, "un mensaje largo", List.of(), null,
                null, null, SampleEvents.NOW));
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "tarifas del local"));

        // Then: the second customer's turn goes on, and reaches its tool call, while the first still waits
        ModelReply first = harness.deliverModelReply();
        assertThat(first.conversationId()).isEqualTo(SampleEvents.CONVERSATION);
        assertThat(harness.deliverModelReply().stage()).isEqualTo("plan");
        assertThat(toolCalls.readValue().tool()).isEqualTo("get_services");
        assertThat(harness.deliverModelReply().conversationId()).isEqualTo(slow);
    }

    @Test
    void tooManyFallbacksRollTheWorkspaceBackToLegacy() throws InterruptedException {
        // Given: rollback after 4 SLM turns of which more than half fell back
        start(Duration.ofSeconds(5), 4);
        ollama.lacks(EXTRACTOR, OllamaStub.EXTRACTOR);

        // When
        for (int i = 1; i <= 4; i++) {
            String conversation = ConversationId.of(DemoWorkspace.ID, "+549115555000" + i);
            snapshots.pipeInput(conversation, new InboundSnapshot(InboundSnapshot.VERSION, "s" + i, conversation,
                    DemoWorkspace.ID, "+549115555000" + i, SampleEvents.snapshot("x", "").channel(), null, "hola",
                    List.of(), null, null, null, SampleEvents.NOW));
            harness.deliverModelReply();
        }

        // Then
        FlagUpdate off = controlOut.readValue();
        assertThat(off.scope()).isEqualTo(DemoWorkspace.ID);
        assertThat(off.enableSlmPipeline()).isFalse();
        assertThat(off.slmCanaryPercent()).as("the rest of the scope's flags stay").isEqualTo(0);
        assertThat(off.updatedBy()).isEqualTo("auto-rollback");
        assertThat(harness.counter("orchestrator.rollbacks", "reason", "fallback_rate")).isEqualTo(1);

        // And once the flag is read back, turns take the legacy route without asking a model
        control.pipeInput(off.scope(), off);
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s9", "hola"));
        assertThat(decisions.readValuesToList()).last().satisfies(d -> {
            assertThat(d.route()).isEqualTo(Decision.ROUTE_LEGACY);
            assertThat(d.snapshotId()).isEqualTo("s9");
        });
        assertThat(harness.noModelReplyWithin(Duration.ofMillis(300))).isTrue();
    }
}
