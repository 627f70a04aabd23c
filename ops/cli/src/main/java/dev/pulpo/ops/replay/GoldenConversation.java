package dev.pulpo.ops.replay;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a golden dataset, as ../shared/spec/golden-format.md defines it: a customer's conversation
 * with the turns they write and what the assistant must understand and do on each.
 *
 * @param now the clock of every turn
 */
public record GoldenConversation(String id, String workspaceId, String userPhone, OffsetDateTime now,
        List<Turn> turns) {

    public GoldenConversation {
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /** What the customer writes, and what must come of it. */
    public record Turn(String user, Expect expect) {
    }

    /**
     * The checks of one turn. Only {@code intent} is required; a check that is null is not made.
     *
     * @param slots         slots that must hold these values after the turn; others are not checked
     * @param actions       the tools executed in the turn, in order
     * @param replyContains substrings the reply must contain (see {@link ReplyText})
     */
    public record Expect(String intent, Map<String, String> slots, List<String> actions, List<String> replyContains) {
        public Expect {
            slots = slots == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(slots));
            actions = actions == null ? null : List.copyOf(actions);
            replyContains = replyContains == null ? null : List.copyOf(replyContains);
        }
    }
}
