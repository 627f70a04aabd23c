package dev.pulpo.ops.replay;

import static dev.pulpo.ops.replay.Turns.action;
import static dev.pulpo.ops.replay.Turns.conversation;
import static dev.pulpo.ops.replay.Turns.decided;
import static dev.pulpo.ops.replay.Turns.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pulpo.ops.replay.ReplayReport.Failure;
import dev.pulpo.ops.replay.ReplayReport.IntentScore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {

    @Test
    void onlyTheListedSlotsAreChecked() {
        // Given a turn that lists only the service, and a decision that also carries date and time
        var played = conversation("c", List.of(expect("book", Map.of("service", "Corte de Cabello"), null, null)),
                List.of(decided("book", Map.of("service", "Corte de Cabello", "date", "2025-11-14", "time", "17:00"),
                        List.of(), "")));

        // When
        ReplayReport report = Scorer.score(List.of(played), "legacy");

        // Then
        assertThat(report.slotAccuracy()).isEqualTo(1.0);
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void aListedSlotThatIsMissingFailsWithNullAsActual() {
        var played = conversation("book-07", List.of(expect("book", Map.of("service", "Brushing", "time", "15:00"), null, null)),
                List.of(decided("book", Map.of("service", "Brushing"), List.of(), "")));

        ReplayReport report = Scorer.score(List.of(played), "legacy");

        assertThat(report.slotAccuracy()).isEqualTo(0.0);
        assertThat(report.failures()).containsExactly(new Failure("book-07", 1, "slots.time", "15:00", null));
    }

    @Test
    void actionsMustBeTheExecutedToolsInOrderAndDeniedCallsDoNotCount() {
        var expected = expect("book", null, List.of("check_availability", "book_appointment"), null);
        var inOrder = decided("book", Map.of(), List.of(action("check_availability", "ok"),
                action("handoff_to_human", "denied"), action("book_appointment", "failed")), "");
        var reversed = decided("book", Map.of(), List.of(action("book_appointment", "ok"),
                action("check_availability", "ok")), "");

        ReplayReport report = Scorer.score(List.of(conversation("a", List.of(expected), List.of(inOrder)),
                conversation("b", List.of(expected), List.of(reversed))), "legacy");

        assertThat(report.actionAccuracy()).isEqualTo(0.5);
        assertThat(report.failures()).containsExactly(new Failure("b", 1, "actions",
                List.of("check_availability", "book_appointment"), List.of("book_appointment", "check_availability")));
    }

    @Test
    void replyContainsIgnoresCaseAccentsAndThousandsSeparators() {
        var played = conversation("p", List.of(expect("info_price", null, null, List.of("3500", "corte de cabello"))),
                List.of(decided("info_price", Map.of(), List.of(), "El Corte de Cábello sale $3.500")));

        assertThat(Scorer.score(List.of(played), "legacy").replyAccuracy()).isEqualTo(1.0);
    }

    @Test
    void aConversationSucceedsOnlyWhenEveryTurnPassesEveryCheck() {
        var good = conversation("good", List.of(expect("greeting"), expect("goodbye")),
                List.of(decided("greeting"), decided("goodbye")));
        var oneWrongReply = conversation("bad", List.of(expect("greeting"),
                        expect("goodbye", null, List.of(), List.of("gracias"))),
                List.of(decided("greeting"), decided("goodbye", Map.of(), List.of(), "chau")));

        ReplayReport report = Scorer.score(List.of(good, oneWrongReply), "legacy");

        assertThat(report.intentAccuracy()).isEqualTo(1.0);
        assertThat(report.conversationSuccess()).isEqualTo(0.5);
        assertThat(report.failures()).extracting(Failure::id, Failure::turn, Failure::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bad", 2, "reply_contains"));
    }

    @Test
    void precisionRecallF1AndConfusionComeFromExpectedAgainstPredictedIntents() {
        // Given 4 book turns (3 right, 1 taken for info_price) and 2 info_price turns (1 right, 1 taken for book)
        var played = conversation("mix",
                List.of(expect("book"), expect("book"), expect("book"), expect("book"), expect("info_price"),
                        expect("info_price")),
                List.of(decided("book"), decided("book"), decided("book"), decided("info_price"),
                        decided("info_price"), decided("book")));

        ReplayReport report = Scorer.score(List.of(played), "legacy");

        // Then book: precision 3/4, recall 3/4; info_price: precision 1/2, recall 1/2
        assertThat(report.confusion()).isEqualTo(Map.of(
                "book", Map.of("book", 3, "info_price", 1),
                "info_price", Map.of("book", 1, "info_price", 1)));
        IntentScore book = report.byIntent().get("book");
        assertThat(book.support()).isEqualTo(4);
        assertThat(book.precision()).isEqualTo(0.75);
        assertThat(book.recall()).isEqualTo(0.75);
        assertThat(book.f1()).isEqualTo(0.75);
        IntentScore price = report.byIntent().get("info_price");
        assertThat(price.support()).isEqualTo(2);
        assertThat(price.precision()).isEqualTo(0.5);
        assertThat(price.recall()).isEqualTo(0.5);
        assertThat(report.intentAccuracy()).isCloseTo(4 / 6.0, within(0.0001));
    }

    @Test
    void anIntentPredictedButNeverExpectedHasNoSupportAndNoPrecision() {
        var played = conversation("oos", List.of(expect("out_of_scope"), expect("out_of_scope")),
                List.of(decided("out_of_scope"), decided("greeting")));

        ReplayReport report = Scorer.score(List.of(played), "legacy");

        assertThat(report.byIntent().get("greeting")).isEqualTo(new IntentScore(0, 0.0, 0.0, 0.0));
        assertThat(report.byIntent().get("out_of_scope")).isEqualTo(new IntentScore(2, 1.0, 0.5, 0.6667));
    }

    @Test
    void aTurnWithoutDecisionFailsEveryCheckItListsOnceAndCountsAsNone() {
        var played = conversation("slow", List.of(expect("book", Map.of("service", "Brushing"), List.of(), null)),
                List.of(PlayedTurn.unanswered("no decision within 15 s")));

        ReplayReport report = Scorer.score(List.of(played), "legacy");

        assertThat(report.intentAccuracy()).isEqualTo(0.0);
        assertThat(report.slotAccuracy()).isEqualTo(0.0);
        assertThat(report.actionAccuracy()).isEqualTo(0.0);
        assertThat(report.failures()).containsExactly(
                new Failure("slow", 1, "decision", "a final decision", "no decision within 15 s"));
        assertThat(report.confusion()).isEqualTo(Map.of("book", Map.of(Scorer.NO_DECISION, 1)));
        assertThat(report.byIntent()).containsOnlyKeys("book");
        assertThat(report.route()).isEqualTo("legacy");
    }

    @Test
    void accuraciesCountOnlyTheTurnsThatListTheirCheck() {
        var played = conversation("c", List.of(expect("greeting"), expect("book", Map.of("service", "Brushing"), null, null)),
                List.of(decided("greeting"), decided("book", Map.of("service", "Corte de Cabello"), List.of(), "")));

        ReplayReport report = Scorer.score(List.of(played), "legacy");

        assertThat(report.slotAccuracy()).isEqualTo(0.0);
        assertThat(report.actionAccuracy()).as("no turn lists actions").isEqualTo(1.0);
        assertThat(report.replyAccuracy()).as("no turn lists reply_contains").isEqualTo(1.0);
    }

    @Test
    void latencyPercentilesAreNearestRankOverAnsweredTurns() {
        assertThat(Scorer.latency(List.of(50L, 10L, 40L, 30L, 20L, 60L, 70L, 80L, 90L, 100L)))
                .isEqualTo(new ReplayReport.Latency(50, 90, 100));
        assertThat(Scorer.latency(List.of())).isEqualTo(new ReplayReport.Latency(0, 0, 0));
    }
}
