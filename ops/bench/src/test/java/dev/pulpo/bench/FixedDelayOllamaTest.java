package dev.pulpo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.orchestrator.dialogue.PlannedCall;
import dev.pulpo.orchestrator.nlu.Intent;
import dev.pulpo.orchestrator.slm.Extractor;
import dev.pulpo.orchestrator.slm.ModelRequest;
import dev.pulpo.orchestrator.slm.ModelStage;
import dev.pulpo.orchestrator.slm.OllamaModels;
import dev.pulpo.orchestrator.slm.OllamaReadiness;
import dev.pulpo.orchestrator.slm.Planner;
import dev.pulpo.orchestrator.slm.SlmSettings;
import dev.pulpo.orchestrator.slm.Wording;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's Ollama stand-in against the orchestrator's own prompts, contracts and client: a stage it does
 * not recognise, or an answer the route would refuse, would turn every SLM case into fallbacks.
 */
class FixedDelayOllamaTest {
    private static final Workspace SALON = DemoWorkspace.load();
    private static final String TEMPLATE = "Nuestros horarios:\nLunes a viernes: 09:00 a 20:00\nSábado: 09:00 a 14:00";
    private static final String QUESTION = "cuál es el horario?";

    @Test
    void recognisesEachStageByTheOrchestratorsOwnPrompts() {
        Wording wording = new Wording();
        assertThat(FixedDelayOllama.stageOf(new Extractor().system(), "Mensaje del cliente: " + QUESTION))
                .contains(FixedDelayOllama.Stage.EXTRACT);
        assertThat(FixedDelayOllama.stageOf(new Planner().system(SALON), "Intent: info_hours."))
                .contains(FixedDelayOllama.Stage.PLAN);
        assertThat(FixedDelayOllama.stageOf(wording.system(SALON), wording.user(QUESTION, TEMPLATE)))
                .contains(FixedDelayOllama.Stage.NLG);
        assertThat(FixedDelayOllama.stageOf("Sos un asistente", "hola")).isEmpty();
    }

    @Test
    void answersWhatTheRoutesContractsAccept() {
        assertThat(new Extractor().read(FixedDelayOllama.EXTRACT_ANSWER, SALON).intent()).isEqualTo(Intent.INFO_HOURS);
        assertThat(new Planner().read(FixedDelayOllama.PLAN_ANSWER, false))
                .containsExactly(new PlannedCall("get_business_hours", Map.of()));
        String worded = FixedDelayOllama.answer(FixedDelayOllama.Stage.NLG, new Wording().user(QUESTION, TEMPLATE));
        assertThat(worded).isEqualTo(FixedDelayOllama.WORDED_PREFIX + TEMPLATE);
        // Every figure of the template kept: the NLG's words are used, not the template.
        assertThat(new Wording().accept(worded, TEMPLATE)).contains(worded);
    }

    @Test
    void speaksOllamasChatToTheOrchestratorsClient() throws Exception {
        try (FixedDelayOllama ollama = new FixedDelayOllama(0, List.of("qwen2.5:7b", "phi3:mini"))) {
            OllamaModels models = new OllamaModels(ollama.baseUrl());
            Wording wording = new Wording();

            assertThat(models.ask(request(ModelStage.EXTRACT, "qwen2.5:7b", new Extractor().system(),
                    "Mensaje del cliente: " + QUESTION, true))).isEqualTo(FixedDelayOllama.EXTRACT_ANSWER);
            assertThat(models.ask(request(ModelStage.PLAN, "qwen2.5:7b", new Planner().system(SALON),
                    "Intent: info_hours.", true))).isEqualTo(FixedDelayOllama.PLAN_ANSWER);
            assertThat(models.ask(request(ModelStage.NLG, "phi3:mini", wording.system(SALON),
                    wording.user(QUESTION, TEMPLATE), false))).isEqualTo(FixedDelayOllama.WORDED_PREFIX + TEMPLATE);
            assertThatThrownBy(() -> models.ask(request(ModelStage.NLG, "phi3:mini", "Sos otro", "hola", false)))
                    .isInstanceOf(RuntimeException.class);

            assertThat(ollama.callCounts()).containsEntry("extract", 1L).containsEntry("plan", 1L)
                    .containsEntry("nlg", 1L).containsEntry("refused", 1L);
        }
    }

    @Test
    void listsTheModelsSoTheOrchestratorReportsTheRouteReady() throws Exception {
        // Four different models: OllamaReadiness builds a Set.of() of the configured models, which throws when two
        // are the same, as the defaults' extractor and planner are (reported, not fixed here).
        try (FixedDelayOllama ollama = new FixedDelayOllama(0, List.of("qwen2.5:7b", "qwen2.5:3b", "phi3:mini",
                "qwen2.5:14b"))) {
            SlmSettings settings = new SlmSettings(ollama.baseUrl(), "qwen2.5:7b", "qwen2.5:3b", "phi3:mini",
                    "qwen2.5:14b", 0.7, true, null, null, null, null, null, 0, 0, 0, 0);
            assertThat(new OllamaReadiness(settings).missingModels()).isEmpty();
        }
    }

    @Test
    void refusesANegativeDelay() {
        assertThatThrownBy(() -> new FixedDelayOllama(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static ModelRequest request(ModelStage stage, String model, String system, String user, boolean json) {
        return new ModelRequest(ModelRequest.id("d-1", stage, 1), "d-1", "conv-1", DemoWorkspace.ID, stage, 1, model,
                system, user, json, Duration.ofSeconds(5));
    }
}
