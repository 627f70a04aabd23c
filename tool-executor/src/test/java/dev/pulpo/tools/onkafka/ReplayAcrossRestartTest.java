package dev.pulpo.tools.onkafka;

import static dev.pulpo.tools.TestCalls.book;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.serde.EventMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Issue 4, acceptance 2: a call replayed before and after a restart of tool-executor books once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayAcrossRestartTest {
    private static final String FRIDAY = "2025-01-17";

    private ToolExecutorOnKafka kafka;

    @BeforeAll
    void startKafka() {
        kafka = ToolExecutorOnKafka.startBroker();
    }

    @AfterAll
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theSameCallReplayedBeforeAndAfterARestartBooksOnceAndIsAnsweredTheSameEachTime() {
        // Given a tool-executor that booked a brushing on Friday at 15:00 for call "restart-1"
        ToolCall call = book("restart-1", customer(7), "brushing", FRIDAY, "15:00");
        Path stateDir = ToolExecutorOnKafka.newStateDir();
        try (KafkaProducer<String, ToolCall> producer = kafka.callsProducer();
             KafkaConsumer<String, ToolResult> results = kafka.resultsConsumer()) {
            ConfigurableApplicationContext first = kafka.startToolExecutor(stateDir);
            ToolExecutorOnKafka.send(producer, call);
            ToolResult booked = awaitOne(results);
            assertThat(booked.result()).containsEntry("status", "booked");

            // When the same call comes again (a duplicate), tool-executor restarts on the same state dir,
            // and the call comes once more (a replay)
            ToolExecutorOnKafka.send(producer, call);
            ToolResult duplicate = awaitOne(results);
            first.close();
            ConfigurableApplicationContext second = kafka.startToolExecutor(stateDir);
            try {
                ToolExecutorOnKafka.send(producer, call);
                ToolResult replayed = awaitOne(results);

                // Then each answer is the first one, and the calendar holds one booking
                assertThat(duplicate).isEqualTo(booked);
                assertThat(replayed).isEqualTo(booked);
                assertThat(bookingIdsOnFriday(second)).containsExactly((String) booked.result().get("booking_id"));
            } finally {
                second.close();
            }
        }
    }

    private static ToolResult awaitOne(KafkaConsumer<String, ToolResult> results) {
        return ToolExecutorOnKafka.awaitResults(results, r -> r.callId().equals("restart-1"), 1).getFirst().result();
    }

    private List<String> bookingIdsOnFriday(ConfigurableApplicationContext app) {
        HttpResponse<String> response = kafka.get(app, "/workspaces/" + DemoWorkspace.ID + "/appointments?date=" + FRIDAY);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode appointments = EventMapper.create().readTree(response.body()).get("appointments");
        return appointments.valueStream().map(a -> a.get("booking_id").asString()).toList();
    }
}
