package dev.pulpo.orchestrator.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Media;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the state keeps of a customer's message, whoever wrote it to inbound-snapshots. */
class StateLimitsTest {

    @Test
    void anOrdinaryMessageIsKeptAsItCame() {
        InboundSnapshot twilio = SampleEvents.twilioSnapshot();
        InboundSnapshot api = SampleEvents.snapshot("s1", "quiero un turno para mañana a las 10");

        assertThat(StateLimits.bounded(twilio)).isEqualTo(twilio);
        assertThat(StateLimits.bounded(api)).isEqualTo(api);
        assertThat(StateLimits.identityProblem(twilio)).isNull();
    }

    @Test
    void aMessageLargerThanAnyWayInLetsThroughIsCutToWhatTheGatewayWouldLetIn() {
        // Given a message another writer put on inbound-snapshots, past every limit of the gateway
        List<Media> media = Collections.nCopies(50, new Media("https://example.com/" + "m".repeat(5_000),
                "image/" + "x".repeat(500)));
        InboundSnapshot huge = new InboundSnapshot(InboundSnapshot.VERSION, "s1", SampleEvents.CONVERSATION,
                DemoWorkspace.ID, SampleEvents.PHONE, Channel.N8N, "id-".repeat(10_000), "ñ".repeat(60_000), media,
                "Ana".repeat(1_000), null, "carrier-pigeon".repeat(100), SampleEvents.NOW);

        // When
        InboundSnapshot kept = StateLimits.bounded(huge);

        // Then
        assertThat(kept.text()).hasSize(4_096).startsWith("ñññ").endsWith("…");
        assertThat(kept.profileName()).hasSize(128);
        assertThat(kept.messageId()).isEqualTo(SeenMessage.keyOf(huge.messageId())).hasSize(71);
        assertThat(kept.media()).hasSize(10).allSatisfy(m -> {
            assertThat(m.url()).hasSize(256);
            assertThat(m.contentType()).hasSize(64);
        });
        assertThat(kept.replyVia()).isEqualTo(InboundSnapshot.REPLY_VIA_NONE);
        assertThat(kept.snapshotId()).isEqualTo("s1");
        assertThat(StateLimits.jsonBytes(kept)).isLessThan(16 * 1024);
    }

    @Test
    void idsAndPhonesTooLongToNameAMessageAreProblemsNotCut() {
        InboundSnapshot s = SampleEvents.twilioSnapshot();

        assertThat(StateLimits.identityProblem(withIds(s, "s".repeat(129), s.userPhone(), s.businessPhone())))
                .isEqualTo("snapshot_id is longer than 128 characters");
        assertThat(StateLimits.identityProblem(withIds(s, "s".repeat(128), s.userPhone(), s.businessPhone())))
                .isNull();
        assertThat(StateLimits.identityProblem(withIds(s, s.snapshotId(), "+5".repeat(20), s.businessPhone())))
                .isEqualTo("user_phone is longer than 32 characters");
        assertThat(StateLimits.identityProblem(withIds(s, s.snapshotId(), s.userPhone(), "+1".repeat(20))))
                .isEqualTo("business_phone is longer than 32 characters");
    }

    @Test
    void clippingCountsCharactersNotHalvesOfThem() {
        assertThat(StateLimits.clip("hola", 4)).isEqualTo("hola");
        assertThat(StateLimits.clip("hola!", 4)).isEqualTo("hol…");
        assertThat(StateLimits.clip("😀😀😀😀", 4)).isEqualTo("😀😀😀😀");
        assertThat(StateLimits.clip("😀😀😀😀😀", 4)).isEqualTo("😀😀😀…");
        assertThat(StateLimits.clip(null, 4)).isNull();
        assertThat(StateLimits.defaults().reply("a".repeat(2_000))).hasSize(1_600).endsWith("a…");
    }

    private static InboundSnapshot withIds(InboundSnapshot s, String snapshotId, String userPhone,
            String businessPhone) {
        return new InboundSnapshot(s.schemaVersion(), snapshotId, s.conversationId(), s.workspaceId(), userPhone,
                s.channel(), s.messageId(), s.text(), s.media(), s.profileName(), businessPhone, s.replyVia(),
                s.receivedAt());
    }
}
