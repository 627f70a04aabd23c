package dev.pulpo.outbound.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.outbound.send.DryRunSender;
import dev.pulpo.outbound.send.SendSettings;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.OutboundStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundTopologyTest {
    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestOutputTopic<String, OutboundStatus> statuses;
    private TestOutputTopic<String, DeadLetter> dlq;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        new OutboundTopology(new DryRunSender(), SendSettings.defaults(), meters).build(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "outbound-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        statuses = driver.createOutputTopic(Topics.OUTBOUND_STATUS.name(),
                Topics.OUTBOUND_STATUS.keySerde().deserializer(), Topics.OUTBOUND_STATUS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.OUTBOUND_MESSAGES.dlq().name(),
                Topics.OUTBOUND_MESSAGES.dlq().keySerde().deserializer(),
                Topics.OUTBOUND_MESSAGES.dlq().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void withoutTwilioCredentialsAReplyIsPrintedAndRecordedAsDryRun() {
        driver.createInputTopic(Topics.OUTBOUND_MESSAGES.name(), Topics.OUTBOUND_MESSAGES.keySerde().serializer(),
                Topics.OUTBOUND_MESSAGES.valueSerde().serializer())
                .pipeInput(SampleEvents.CONVERSATION, SampleEvents.outbound());

        OutboundStatus status = statuses.readValue();
        assertThat(status.status()).isEqualTo("dry_run");
        assertThat(status.outboundId()).isEqualTo("out-1");
        assertThat(meters.get("outbound.sends").tag("status", "dry_run").counter().count()).isEqualTo(1);
    }

    @Test
    void aReplyToSomeoneOtherThanTheConversationsCustomerIsNeverSent() {
        OutboundMessage honest = SampleEvents.outbound();
        OutboundMessage relay = new OutboundMessage(honest.schemaVersion(), "out-relay", honest.snapshotId(),
                honest.decisionId(), honest.conversationId(), honest.workspaceId(), "+5491199999999", honest.from(),
                "promo", honest.createdAt());

        driver.createInputTopic(Topics.OUTBOUND_MESSAGES.name(), Topics.OUTBOUND_MESSAGES.keySerde().serializer(),
                Topics.OUTBOUND_MESSAGES.valueSerde().serializer())
                .pipeInput(SampleEvents.CONVERSATION, relay);

        OutboundStatus status = statuses.readValue();
        assertThat(status.status()).isEqualTo("dead_lettered");
        assertThat(status.error()).contains("not the customer").doesNotContain("5491199999999");
        assertThat(dlq.readValue().reason()).contains("not the customer");
        assertThat(meters.find("outbound.sends").tag("status", "dry_run").counter()).isNull();
    }

    @Test
    void anUnreadableReplyGoesToTheDlqWithItsReason() {
        driver.createInputTopic(Topics.OUTBOUND_MESSAGES.name(), new StringSerializer(), new StringSerializer())
                .pipeInput(SampleEvents.CONVERSATION, "{\"schema_version\":1}");

        DeadLetter dead = dlq.readValue();
        assertThat(dead.reason()).contains("missing required field 'outbound_id'");
        assertThat(statuses.isEmpty()).isTrue();
    }
}
