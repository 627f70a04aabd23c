package dev.pulpo.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IsolatedWorkspaceIdTest {
    private static final Pattern WORKSPACE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");

    @Test
    void eachConversationGetsItsOwnReadableCopyOfTheWorkspace() {
        assertThat(GoldenReplay.isolatedWorkspaceId("550e8400-e29b-41d4-a716-446655440003", "book-01"))
                .isEqualTo("550e8400-e29b-41d4-a716-446655440003--book-01");
    }

    @Test
    void anIdTooLongOrWithOtherCharactersIsShortenedAndHashedButStaysDistinctAndValid() {
        String longConversation = "a-very-long-conversation-name-that-goes-on-and-on-01";
        String one = GoldenReplay.isolatedWorkspaceId("550e8400-e29b-41d4-a716-446655440003", longConversation);
        String two = GoldenReplay.isolatedWorkspaceId("550e8400-e29b-41d4-a716-446655440003", longConversation + "x");
        String odd = GoldenReplay.isolatedWorkspaceId("_salón", "cita 1");

        assertThat(one).matches(WORKSPACE_ID).startsWith("550e8400-e29b").isNotEqualTo(two);
        assertThat(two).matches(WORKSPACE_ID);
        assertThat(odd).matches(WORKSPACE_ID);
    }
}
