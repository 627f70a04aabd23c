package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.LegacyDialogue;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
import dev.pulpo.orchestrator.dialogue.Plan;
import dev.pulpo.orchestrator.nlu.SpanishUnderstanding;
import dev.pulpo.orchestrator.nlu.Understanding;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.TurnIds;

/**
 * The legacy pipeline: rules understand, the dialogue plans, at once on the stream thread. Also the answer of a
 * {@code slm_pipeline} turn whose model failed ({@code fallback} says why) or that has no text for a model to
 * read.
 */
class LegacyRoute {
    private final SpanishUnderstanding understanding;
    private final LegacyDialogue dialogue;
    private final OrchestratorSettings settings;
    private final TurnEnding ending;

    LegacyRoute(SpanishUnderstanding understanding, LegacyDialogue dialogue, OrchestratorSettings settings,
            TurnEnding ending) {
        this.understanding = understanding;
        this.dialogue = dialogue;
        this.settings = settings;
        this.ending = ending;
    }

    /**
     * @param spent       the time a failed SLM attempt already spent, added to this turn's timings
     * @param startedAtMs when the turn's snapshot was written
     */
    ConversationState answer(ConversationState current, InboundSnapshot snapshot, String route, String fallback,
            Timings spent, long startedAtMs, Step at) {
        long started = System.nanoTime();
        Plan plan;
        long extractMs = 0;
        if (snapshot.text().isBlank()) {
            // A photo, audio, sticker or location: nothing to understand, but the customer deserves an answer.
            plan = dialogue.onNonText(current, !snapshot.media().isEmpty());
        } else {
            Understanding understood = understanding.understand(snapshot.text(), at.workspace(),
                    snapshot.receivedAt().atZoneSameInstant(at.workspace().zone()));
            extractMs = Step.millisSince(started);
            started = System.nanoTime();
            plan = dialogue.onMessage(understood, current, at.workspace());
        }
        long planMs = Step.millisSince(started);
        PendingTurn turn = PendingTurn.start(TurnIds.decisionId(snapshot.snapshotId()), snapshot, route, plan,
                spent.withExtract(spent.tExtractMs() + extractMs).withPlan(spent.tPlanMs() + planMs), startedAtMs,
                at.nowMs(), at.nowMs() + settings.brokerTimeout().toMillis(), fallback);
        return ending.continueTurn(current, turn, plan, at);
    }
}
