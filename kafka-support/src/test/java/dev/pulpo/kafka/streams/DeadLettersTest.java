package dev.pulpo.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.ToolCall;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private static final Topic<String, ToolCall> SOURCE = Topics.TOOL_CALLS;
    private static final Instant WALL_CLOCK = Instant.parse("2025-01-15T13:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> raw;
    private TestOutputTopic<String, ToolCall> read;
    private TestOutputTopic<String, DeadLetter> dlq;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        new DeadLetters("test-service").readOrDeadLetter(builder, SOURCE)
                .to("read", Produced.with(Serdes.String(), SOURCE.valueSerde()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letters-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props, WALL_CLOCK);
        raw = driver.createInputTopic(SOURCE.name(), new StringSerializer(), new StringSerializer());
        read = driver.createOutputTopic("read", Serdes.String().deserializer(), SOURCE.valueSerde().deserializer());
        dlq = driver.createOutputTopic(SOURCE.dlq().name(), SOURCE.dlq().keySerde().deserializer(),
                SOURCE.dlq().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aReadableRecordGoesOnAsItsValue() {
        ToolCall call = SampleEvents.toolCall();
        raw.pipeInput("conversation-1", new String(SOURCE.valueSerde().serialize(SOURCE.name(), call)));

        assertThat(read.readKeyValue().value).isEqualTo(call);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void anUnreadableRecordGoesToTheDlqWithItsReasonCoordinatesAndBytesAndTheStreamGoesOn() {
        raw.pipeInput("conversation-1", "{not json");
        ToolCall call = SampleEvents.toolCall();
        raw.pipeInput("conversation-2", new String(SOURCE.valueSerde().serialize(SOURCE.name(), call)));

        var dead = dlq.readKeyValue();
        assertThat(dead.key).isEqualTo("conversation-1");
        assertThat(dead.value.sourceTopic()).isEqualTo(SOURCE.name());
        assertThat(dead.value.partition()).isZero();
        assertThat(dead.value.offset()).isZero();
        assertThat(dead.value.key()).isEqualTo("conversation-1");
        assertThat(dead.value.value()).isEqualTo("{not json");
        assertThat(dead.value.reason()).startsWith("topic tool-calls: cannot read ToolCall");
        assertThat(dead.value.service()).isEqualTo("test-service");
        assertThat(dead.value.failedAt()).isEqualTo(OffsetDateTime.ofInstant(WALL_CLOCK, ZoneOffset.UTC));
        assertThat(read.readKeyValue().key).isEqualTo("conversation-2");
    }

    @Test
    void aRecordWithoutKeyOrValueIsDeadLetteredToo() {
        raw.pipeInput(null, "{}");
        raw.pipeInput("conversation-1", (String) null);

        assertThat(dlq.readValuesToList()).extracting(DeadLetter::reason).containsExactly(
                "topic tool-calls: the record has no key",
                "topic tool-calls: the record has no value");
        assertThat(read.isEmpty()).isTrue();
    }
}
