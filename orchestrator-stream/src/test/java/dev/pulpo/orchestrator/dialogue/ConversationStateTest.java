package dev.pulpo.orchestrator.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Media;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a conversation's state keeps of each input, and no more. */
class ConversationStateTest {
    private static final StateLimits LIMITS = StateLimits.defaults();
    private static final OffsetDateTime T0 = SampleEvents.NOW;
    private static final JsonSerde<ConversationState> SERDE = new JsonSerde<>(ConversationState.class);

    @Test
    void theDedupeWindowKeepsTheLatestIdsByCount() {
        // Given 70 messages, one a second
        ConversationState state = ConversationState.empty();
        for (int i = 0; i < 70; i++) {
            state = state.remember("SM" + i, T0.plusSeconds(i), LIMITS);
        }

        // Then the latest 64 are remembered, the 6 oldest forgotten
        assertThat(state.recentMessageIds()).hasSize(64);
        assertThat(state.seen("SM69", T0.plusSeconds(70), LIMITS.dedupeWindow())).isTrue();
        assertThat(state.seen("SM6", T0.plusSeconds(70), LIMITS.dedupeWindow())).isTrue();
        assertThat(state.seen("SM5", T0.plusSeconds(70), LIMITS.dedupeWindow())).isFalse();
    }

    @Test
    void theDedupeWindowForgetsIdsOlderThanItsTime() {
        // Given a message seen at T0, with a window of 24 hours
        ConversationState state = ConversationState.empty().remember("SM1", T0, LIMITS);

        // Then a redelivery within the window is a duplicate, one after it is not
        assertThat(state.seen("SM1", T0.plusHours(23), LIMITS.dedupeWindow())).isTrue();
        assertThat(state.seen("SM1", T0.plusHours(25), LIMITS.dedupeWindow())).isFalse();

        // And the next message after the window forgets it for good
        ConversationState later = state.remember("SM2", T0.plusHours(25), LIMITS);
        assertThat(later.recentMessageIds()).extracting(SeenMessage::id).containsExactly("SM2");
    }

    @Test
    void aShortPrintableIdIsKeptAsItCameAndAnyOtherAsItsHash() {
        String sid = "SM0123456789abcdef0123456789abcdef";
        String huge = "x".repeat(30_000);

        assertThat(SeenMessage.keyOf(sid)).isEqualTo(sid);
        assertThat(SeenMessage.keyOf(huge)).startsWith("sha256:").hasSize(71)
                .isEqualTo(SeenMessage.keyOf("x".repeat(30_000)))
                .isNotEqualTo(SeenMessage.keyOf("x".repeat(29_999) + "y"));
        assertThat(SeenMessage.keyOf("y".repeat(65))).startsWith("sha256:");
        assertThat(SeenMessage.keyOf("con espacio")).startsWith("sha256:");
        assertThat(SeenMessage.keyOf("mañana")).startsWith("sha256:");
        // An id that looks like a hash is hashed too, so it can never pass for another id's key
        String lookalike = SeenMessage.keyOf(huge);
        assertThat(SeenMessage.keyOf(lookalike)).isNotEqualTo(lookalike).startsWith("sha256:");
    }

    @Test
    void aStateStoredBeforeIdsHadATimeIsReadWithItsIdsAsKeys() {
        // Given a state as earlier versions stored it: message ids as plain strings, one of them huge, and none of
        // the flags added since
        String huge = "m".repeat(30_000);
        String stored = "{\"slots\":{},\"recent_message_ids\":[\"SM1\",\"" + huge + "\"],\"queued\":[],\"turns\":3,"
                + "\"recent_turns\":[]}";

        // When it is read
        ConversationState state = SERDE.deserialize("conversations", stored.getBytes(StandardCharsets.UTF_8));

        // Then its ids still dedupe (kept until newer ones push them out), and are kept as keys
        OffsetDateTime anyTime = T0.plusDays(30);
        assertThat(state.seen("SM1", anyTime, LIMITS.dedupeWindow())).isTrue();
        assertThat(state.seen(SeenMessage.keyOf(huge), anyTime, LIMITS.dedupeWindow())).isTrue();
        assertThat(state.toldToWait()).isFalse();
        assertThat(state.toldToSlowDown()).isFalse();
        assertThat(SERDE.serialize("conversations", state).length).isLessThan(1_000);
    }

    @Test
    void theStateWritesAndReadsItsSeenIdsWithTheirTime() {
        ConversationState state = ConversationState.empty().remember("SM1", T0, LIMITS);

        ConversationState read = SERDE.deserialize("conversations", SERDE.serialize("conversations", state));

        assertThat(read.recentMessageIds()).containsExactly(new SeenMessage("SM1", T0));
        assertThat(read).isEqualTo(state);
    }

    @Test
    void theTurnsKeptForAHandoffAreTheLatestEachCut() {
        // Given 15 messages, one of them long
        ConversationState state = ConversationState.empty();
        for (int i = 0; i < 14; i++) {
            state = state.record(new Handoff.Turn("customer", "mensaje " + i, T0), LIMITS);
        }
        state = state.record(new Handoff.Turn("customer", "😀".repeat(4_096), T0), LIMITS);

        // Then the latest 10 are kept, the long one cut to 500 characters with an ellipsis, never half an emoji
        assertThat(state.recentTurns()).hasSize(10);
        assertThat(state.recentTurns().getFirst().text()).isEqualTo("mensaje 5");
        String cut = state.recentTurns().getLast().text();
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(500);
        assertThat(cut).endsWith("😀…");
    }

    @Test
    void theQueueHasRoomForAsManyMessagesAndBytesAsItsLimitsSay() {
        // Given room for 3 messages and 2 KB
        StateLimits tight = new StateLimits(0, null, 3, 2_048, 0, 0, 0, 0, 0);
        InboundSnapshot small = SampleEvents.snapshot("s1", "hola");
        InboundSnapshot large = SampleEvents.snapshot("s2", "a".repeat(1_500));

        // Then the count holds
        ConversationState three = ConversationState.empty().enqueue(small).enqueue(small).enqueue(small);
        assertThat(ConversationState.empty().enqueue(small).enqueue(small).queueHasRoomFor(small, tight)).isTrue();
        assertThat(three.queueHasRoomFor(small, tight)).isFalse();

        // And so do the bytes, the message that would cross them included
        assertThat(ConversationState.empty().queueHasRoomFor(large, tight)).isTrue();
        assertThat(ConversationState.empty().enqueue(large).queueHasRoomFor(large, tight)).isFalse();
    }

    @Test
    void aBookingIdNoCalendarGivesIsNotKept() {
        ConversationState booked = ConversationState.empty().afterTurn(Map.of(), null, "bk-123");

        assertThat(booked.afterTurn(Map.of(), null, "b".repeat(129)).lastBookingId()).isEqualTo("bk-123");
        assertThat(booked.afterTurn(Map.of(), null, "bk-456").lastBookingId()).isEqualTo("bk-456");
    }

    /**
     * Every field at its bound at once, with the characters that cost JSON the most (a control character is written
     * as six bytes): the state stays far below Kafka's 1 MB for a record, with room for the tool results of a turn.
     */
    @Test
    void aStateWithEveryFieldAtItsBoundInTheCostliestCharactersStaysFarBelowOneMegabyte() {
        String costly = "\u0001".repeat(100_000);
        ConversationState state = ConversationState.empty();
        for (int i = 0; i < 100; i++) {
            state = state.remember(SeenMessage.keyOf(i + costly), T0.plusSeconds(i), LIMITS);
            state = state.record(new Handoff.Turn("customer", costly, T0), LIMITS);
        }
        // A turn in flight of the costliest message, with 16 calls the policy denied, each with the longest reason
        // and arguments, and three of its results just within the limit
        InboundSnapshot worst = StateLimits.bounded(costliest("pending", costly, 50));
        Plan step = Plan.call("out_of_scope", 0.9, Map.of(), null);
        List<Action> actions = new ArrayList<>();
        Set<String> awaiting = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            actions.add(new Action("call-" + i, "t" + i, Map.of("a", "\u0001".repeat(170)), ToolResult.DENIED,
                    StateLimits.clip(costly, StateLimits.MAX_REASON_CHARS)));
            awaiting.add("call-" + i);
        }
        PendingTurn turn = PendingTurn.start("dec-1", worst, Decision.ROUTE_SLM, step, Timings.ZERO, 0, 0, 1, null)
                .withRound(step, actions, awaiting, Timings.ZERO, 0, 1);
        String justWithin = "\u0001".repeat((LIMITS.maxToolResultBytes() - 20) / 6);
        for (int i = 0; i < 3; i++) {
            turn = turn.withResult(new ToolResult(ToolResult.VERSION, "call-" + i, "dec-1", SampleEvents.CONVERSATION,
                    SampleEvents.WORKSPACE, "t" + i, ToolResult.OK, Map.of("r", justWithin), null, 1, T0), 1, LIMITS);
        }
        state = state.withPending(turn);
        // And the queue as full as it lets itself be (a message as large as the pending one would not fit at all)
        for (int i = 0; i < 100; i++) {
            InboundSnapshot next = StateLimits.bounded(costliest("q" + i, costly.substring(0, 800 + i), 0));
            if (state.queueHasRoomFor(next, LIMITS)) {
                state = state.enqueue(next);
            }
        }

        int bytes = SERDE.serialize("conversations", state).length;
        int results = StateLimits.jsonBytes(turn.results());
        assertThat(turn.results().values()).doesNotContain(PendingTurn.RESULT_TOO_LARGE);
        assertThat(state.queued()).hasSizeGreaterThan(1);
        assertThat(bytes - results).as("the state but its tool results").isLessThan(192 * 1024);
        assertThat(bytes).isLessThan(256 * 1024);
    }

    private static InboundSnapshot costliest(String snapshotId, String costly, int media) {
        return new InboundSnapshot(InboundSnapshot.VERSION, snapshotId, SampleEvents.CONVERSATION, DemoWorkspace.ID,
                SampleEvents.PHONE, Channel.TWILIO, costly, costly, Collections.nCopies(media, new Media(costly, costly)),
                costly, "+14155238886", null, T0);
    }

    @Test
    void settingsLeftOutTakeTheirDefaults() {
        StateLimits limits = StateLimits.defaults();

        assertThat(limits.dedupeMaxIds()).isEqualTo(64);
        assertThat(limits.dedupeWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(limits.maxQueuedMessages()).isEqualTo(10);
        assertThat(limits.maxQueuedBytes()).isEqualTo(32 * 1024);
        assertThat(limits.maxToolResultBytes()).isEqualTo(16 * 1024);
        assertThat(limits.maxModelAnswerChars()).isEqualTo(8 * 1024);
        assertThat(limits.maxReplyChars()).isEqualTo(1_600);
        assertThat(limits.handoffTurns()).isEqualTo(10);
        assertThat(limits.maxHandoffTurnChars()).isEqualTo(500);
    }
}
