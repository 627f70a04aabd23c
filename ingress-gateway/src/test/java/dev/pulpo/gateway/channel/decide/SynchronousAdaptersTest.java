package dev.pulpo.gateway.channel.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.gateway.channel.InboundWorkspaces;
import dev.pulpo.gateway.channel.n8n.IngressMessage;
import dev.pulpo.gateway.channel.n8n.N8nInboundAdapter;
import dev.pulpo.gateway.channel.n8n.ReplySettings;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** What /orchestrator/decide and /chat turn a body into, and what they refuse; no broker needed. */
class SynchronousAdaptersTest {
    private static final String PHONE = "+5491155550001";

    @Test
    void aDecideBodyIsAnApiSnapshotRepliedOnlyInTheAnswer() {
        InboundSnapshot snapshot = decide(null).toSnapshot(
                new DecideRequest(PHONE, "hola", "m-1", null, DemoWorkspace.ID));

        assertThat(snapshot.channel()).isEqualTo(Channel.API);
        assertThat(snapshot.conversationId()).isEqualTo(DemoWorkspace.ID + ":" + PHONE);
        assertThat(snapshot.messageId()).isEqualTo("m-1");
        assertThat(snapshot.replyVia()).isEqualTo(InboundSnapshot.REPLY_VIA_NONE);
    }

    @Test
    void aDecideBodyMayNameItsChannelButNotTwilio() {
        assertThat(decide(null).toSnapshot(new DecideRequest(PHONE, "hola", null, "chat", DemoWorkspace.ID))
                .channel()).isEqualTo(Channel.CHAT);
        assertThat(decide(null).toSnapshot(new DecideRequest(PHONE, "hola", null, "twilio", DemoWorkspace.ID))
                .channel()).isEqualTo(Channel.API);
        assertThatThrownBy(() -> decide(null).toSnapshot(new DecideRequest(PHONE, "hola", null, "fax", DemoWorkspace.ID)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("unknown channel 'fax'");
                });
    }

    @Test
    void aChatIsAChatSnapshotWhoseOnlyIdIsItsOwn() {
        InboundSnapshot snapshot = chat(null).toSnapshot(new ChatRequest(DemoWorkspace.ID, PHONE, "hola"));

        assertThat(snapshot.channel()).isEqualTo(Channel.CHAT);
        assertThat(snapshot.messageId()).isEqualTo(snapshot.snapshotId());
        assertThat(snapshot.text()).isEqualTo("hola");
    }

    @Test
    void withoutAWorkspaceTheDefaultOneAnswers() {
        assertThat(chat(DemoWorkspace.ID).toSnapshot(new ChatRequest(" ", PHONE, "hola")).workspaceId())
                .isEqualTo(DemoWorkspace.ID);
        assertThat(decide(DemoWorkspace.ID).toSnapshot(new DecideRequest(PHONE, "hola", null, null, null))
                .workspaceId()).isEqualTo(DemoWorkspace.ID);
    }

    @Test
    void withoutAWorkspaceOrADefaultTheCallerIsToldWhereToNameOne() {
        assertThatThrownBy(() -> chat(null).toSnapshot(new ChatRequest(null, PHONE, "hola")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.field()).isEqualTo("workspace_id");
                    assertThat(e.getMessage())
                            .isEqualTo("no workspace: send X-Workspace-Id or workspace_id, or set DEFAULT_WORKSPACE_ID");
                });
    }

    @Test
    void aTextOverWhatsAppsLimitIsA400NamingTheTextAndTheLimit() {
        assertThat(chat(null).toSnapshot(new ChatRequest(DemoWorkspace.ID, PHONE, "a".repeat(4096))).text())
                .hasSize(4096);
        assertThatThrownBy(() -> decide(null).toSnapshot(
                new DecideRequest(PHONE, "a".repeat(4097), null, null, DemoWorkspace.ID)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.field()).isEqualTo("text");
                    assertThat(e.getMessage()).isEqualTo("'text' is longer than 4096 characters");
                });
    }

    @Test
    void aReplyThroughTwilioIsRefusedWhereTwilioIsNotSetUpRatherThanSilentlyPrinted() {
        IngressMessage viaTwilio = new IngressMessage(DemoWorkspace.ID, "+5491155550001", "hola", "m-1", null,
                "twilio", null, null);

        assertThatThrownBy(() -> new N8nInboundAdapter(workspaces(null), new ReplySettings(null, null, false))
                .toSnapshot(viaTwilio))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(422);
                    assertThat(e.field()).isEqualTo("reply_via");
                    assertThat(e.getMessage()).contains("TWILIO_ACCOUNT_SID");
                });
        assertThat(new N8nInboundAdapter(workspaces(null), new ReplySettings("AC1", "token", false))
                .toSnapshot(viaTwilio).replyVia()).isEqualTo(InboundSnapshot.REPLY_VIA_TWILIO);
        assertThat(new N8nInboundAdapter(workspaces(null), new ReplySettings(null, null, true))
                .toSnapshot(viaTwilio).replyVia()).as("printed on purpose, ./pulpo up")
                .isEqualTo(InboundSnapshot.REPLY_VIA_TWILIO);
    }

    private static DecideInboundAdapter decide(String defaultWorkspace) {
        return new DecideInboundAdapter(workspaces(defaultWorkspace));
    }

    private static ChatInboundAdapter chat(String defaultWorkspace) {
        return new ChatInboundAdapter(workspaces(defaultWorkspace));
    }

    private static InboundWorkspaces workspaces(String defaultWorkspace) {
        WorkspaceDirectory directory = mock(WorkspaceDirectory.class);
        when(directory.find(DemoWorkspace.ID)).thenReturn(Optional.of(DemoWorkspace.load()));
        return new InboundWorkspaces(directory,
                new GatewaySettings(defaultWorkspace, null, false, null, null, null));
    }
}
