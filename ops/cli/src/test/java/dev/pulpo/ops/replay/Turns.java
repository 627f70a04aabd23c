package dev.pulpo.ops.replay;

import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.Decision;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Hand-made golden turns and the decisions a system might have taken on them, for the scorer's tests. */
final class Turns {
    static final OffsetDateTime NOW = OffsetDateTime.parse("2025-11-12T10:15:00-03:00");

    private Turns() {
    }

    static GoldenConversation.Expect expect(String intent) {
        return new GoldenConversation.Expect(intent, null, null, null);
    }

    static GoldenConversation.Expect expect(String intent, Map<String, String> slots, List<String> actions,
            List<String> replyContains) {
        return new GoldenConversation.Expect(intent, slots, actions, replyContains);
    }

    static PlayedTurn decided(String intent, Map<String, String> slots, List<Action> actions, String reply) {
        return PlayedTurn.decided(new Decision(Decision.VERSION, "d-" + intent, "s-" + intent, "w:+5491155501001", "w",
                Channel.API, Decision.ROUTE_LEGACY, intent, 0.9, slots, actions, reply, true, "legacy-1", null, NOW, null), 40);
    }

    static PlayedTurn decided(String intent) {
        return decided(intent, Map.of(), List.of(), "");
    }

    static Action action(String tool, String status) {
        return new Action("call-" + tool, tool, Map.of(), status, null);
    }

    /** One conversation per pair of expected and played turn. */
    static PlayedConversation conversation(String id, List<GoldenConversation.Expect> expected, List<PlayedTurn> played) {
        List<GoldenConversation.Turn> turns = IntStream.range(0, expected.size())
                .mapToObj(i -> new GoldenConversation.Turn("message " + (i + 1), expected.get(i))).toList();
        return new PlayedConversation(new GoldenConversation(id, "w", "+5491155501001", NOW, turns), played);
    }
}
