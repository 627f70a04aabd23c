package dev.pulpo.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.ops.PulpoCli;
import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.ops.chat.TerminalChat;
import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ConversationId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 3, acceptance 6: a conversation recorded while the system runs exports to a golden line that
 * replays green.
 */
class ConversationExportRoundTripTest {
    private static final String PHONE = "+5491100004321";

    @TempDir
    Path dir;

    @Test
    void aRecordedConversationExportsToAGoldenLineThatReplaysGreen() throws Exception {
        // Given two turns chatted through the gateway of a running system, as in ./pulpo up
        Path golden = dir.resolve("exported.jsonl");
        try (LocalKafka kafka = new LocalKafka(dir.resolve("recorded/kafka"), 0).start();
                AllInOne system = new AllInOne(new AllInOne.Settings(dir.resolve("recorded"), 0,
                        kafka.bootstrapServers(), 0, Map.of(
                        // AllInOne's settings lose to the services' YAML; its placeholders do not.
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "SERVER_PORT", "0")))) {
            system.start();
            TerminalChat chat = new TerminalChat(system.gatewayUrl(), DemoWorkspace.ID, PHONE);
            assertThat(chat.send("hola!")).startsWith("pulpo> ");
            assertThat(chat.send("a que hora abren el sabado?")).startsWith("pulpo> ");

            // When the conversation is exported
            int exported = run("replay", "--export", ConversationId.of(DemoWorkspace.ID, PHONE),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--out", golden.toString());
            assertThat(exported).isZero();
        }

        // Then it is one golden line with both turns and what the system decided on each
        String line = Files.readString(golden).strip();
        assertThat(line).doesNotContain("\n");
        GoldenConversation conversation = GoldenFiles.parse(golden, 1, line);
        assertThat(conversation.id()).startsWith("export-4321-");
        assertThat(conversation.workspaceId()).isEqualTo(DemoWorkspace.ID);
        assertThat(conversation.userPhone()).isEqualTo(PHONE);
        assertThat(conversation.turns()).extracting(GoldenConversation.Turn::user)
                .containsExactly("hola!", "a que hora abren el sabado?");
        assertThat(conversation.turns().get(1).expect().intent()).isEqualTo("info_hours");
        assertThat(conversation.turns().get(1).expect().actions()).containsExactly("get_business_hours");
        assertThat(conversation.turns()).allSatisfy(t -> {
            assertThat(t.expect().slots()).isNotNull();
            assertThat(t.expect().replyContains()).isEmpty();
        });

        // And it replays green on a fresh system
        Path report = dir.resolve("report.json");
        int replayed = run("replay", golden.toString(), "--report", report.toString(),
                "--min-intent-accuracy", "1", "--min-slot-accuracy", "1", "--min-action-accuracy", "1");
        assertThat(replayed).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
        assertThat(json.get("conversation_success").asDouble()).isEqualTo(1.0);
        assertThat(json.get("failures").size()).isZero();
    }

    private static int run(String... args) {
        return new CommandLine(new PulpoCli()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(new StringWriter())).execute(args);
    }
}
