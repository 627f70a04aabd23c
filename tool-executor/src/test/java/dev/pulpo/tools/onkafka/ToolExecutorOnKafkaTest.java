package dev.pulpo.tools.onkafka;

import static dev.pulpo.tools.TestCalls.THURSDAY;
import static dev.pulpo.tools.TestCalls.book;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ApiKey;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.serde.EventMapper;
import dev.pulpo.tools.onkafka.ToolExecutorOnKafka.Keyed;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4's acceptance 1 and 2 on a real in-process KRaft broker, one per class, with the tool-executor application
 * as it runs in production (its yml, exactly-once). Each test starts its own tool-executor on a state dir of its own
 * and stops it; they share the application id, so a later one restores the calendar from the changelog. Each test
 * uses its own call ids and day, so neither depends on the other or on their order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolExecutorOnKafkaTest {
    private static final int CONVERSATIONS = 50;
    private static final int PRODUCER_THREADS = 10;
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
    void fiftyConversationsBookingTheSameSlotAtOnceGetExactlyTheTwoChairsAndTheRestTheNearestFreeTimes() throws Exception {
        // Given tool-executor running for the demo salon (2 chairs), and 50 customers each asking for a corte on
        // Thursday at 10:00
        List<ToolCall> calls = IntStream.rangeClosed(1, CONVERSATIONS)
                .mapToObj(n -> book("fifty-" + n, customer(n), "corte", THURSDAY, "10:00"))
                .toList();
        try (ConfigurableApplicationContext toolExecutor = kafka.startToolExecutor(ToolExecutorOnKafka.newStateDir())) {

            // When they all send at once, from several producers on several threads
            sendAtOnce(calls);

            // Then every call gets one result, back on its own conversation
            List<Keyed> results;
            try (KafkaConsumer<String, ToolResult> consumer = kafka.resultsConsumer()) {
                results = ToolExecutorOnKafka.awaitResults(consumer, r -> r.callId().startsWith("fifty-"), CONVERSATIONS);
            }
            assertThat(results).hasSize(CONVERSATIONS).allSatisfy(k -> {
                assertThat(k.key()).isEqualTo(k.result().conversationId());
                assertThat(k.result().status()).isEqualTo(ToolResult.OK);
            });
            assertThat(results).extracting(k -> k.result().conversationId()).doesNotHaveDuplicates();

            // and exactly the two chairs are booked; the other 48 are offered the nearest free times
            Map<Object, List<Keyed>> byStatus = results.stream()
                    .collect(Collectors.groupingBy(k -> k.result().result().get("status")));
            assertThat(byStatus.keySet()).containsExactlyInAnyOrder("booked", "unavailable");
            assertThat(byStatus.get("booked")).hasSize(2);
            assertThat(byStatus.get("unavailable")).hasSize(CONVERSATIONS - 2).allSatisfy(k -> assertThat(k.result().result())
                    .containsEntry("reason", "taken")
                    .containsEntry("free_times", List.of("09:15", "10:45", "09:00", "11:00", "11:15"))
                    .containsKey("nearest"));

            // and the salon's agenda for Thursday, read from the calendar store, shows those two
            JsonNode appointments = appointments(toolExecutor, THURSDAY);
            assertThat(appointments.valueStream().map(a -> a.get("booking_id").asString()).toList())
                    .containsExactlyInAnyOrderElementsOf(byStatus.get("booked").stream()
                            .map(k -> (String) k.result().result().get("booking_id")).toList());
            assertThat(appointments.get(0).get("service").asString()).isEqualTo("Corte de Cabello");
            assertThat(appointments.get(0).get("time").asString()).isEqualTo("10:00");
            assertThat(appointments.get(0).get("customer").asString()).contains("***");
        }
    }

    @Test
    void theSameCallReplayedBeforeAndAfterARestartBooksOnceAndIsAnsweredTheSameEachTime() {
        // Given tool-executor booked a brushing on Friday at 15:00 for call "restart-1"
        ToolCall call = book("restart-1", customer(7), "brushing", FRIDAY, "15:00");
        Path stateDir = ToolExecutorOnKafka.newStateDir();
        try (KafkaProducer<String, ToolCall> producer = kafka.callsProducer();
             KafkaConsumer<String, ToolResult> results = kafka.resultsConsumer()) {
            ToolResult booked;
            ToolResult duplicate;
            try (ConfigurableApplicationContext first = kafka.startToolExecutor(stateDir)) {
                ToolExecutorOnKafka.send(producer, call);
                booked = awaitRestartCall(results);
                assertThat(booked.result()).containsEntry("status", "booked");

                // When the same call comes again (a duplicate), tool-executor restarts on the same state dir ...
                ToolExecutorOnKafka.send(producer, call);
                duplicate = awaitRestartCall(results);
            }
            try (ConfigurableApplicationContext second = kafka.startToolExecutor(stateDir)) {
                // ... and the call comes once more (a replay)
                ToolExecutorOnKafka.send(producer, call);
                ToolResult replayed = awaitRestartCall(results);

                // Then each answer is the first one, and the calendar holds one booking
                assertThat(duplicate).isEqualTo(booked);
                assertThat(replayed).isEqualTo(booked);
                assertThat(appointments(second, FRIDAY).valueStream().map(a -> a.get("booking_id").asString()).toList())
                        .containsExactly((String) booked.result().get("booking_id"));
            }
        }
    }

    @Test
    void aSalonsAppointmentsAreReadWithTheAdminTokenOrThatSalonsOwnKeyOnly() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ApiKey.Issued mine = ApiKey.issue(DemoWorkspace.ID, "agenda", now);
        ApiKey.Issued theirs = ApiKey.issue("other-salon", "agenda", now);
        kafka.publishKey(mine.record());
        kafka.publishKey(theirs.record());
        String path = "/workspaces/" + DemoWorkspace.ID + "/appointments";
        try (ConfigurableApplicationContext toolExecutor = kafka.startToolExecutor(ToolExecutorOnKafka.newStateDir())) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> kafka.get(toolExecutor, path, mine.key()).statusCode() == 200);

            assertThat(kafka.get(toolExecutor, path, null).statusCode()).isEqualTo(401);
            assertThat(kafka.get(toolExecutor, path, "not-a-key").statusCode()).isEqualTo(401);
            assertThat(kafka.get(toolExecutor, path, ToolExecutorOnKafka.ADMIN_TOKEN).statusCode()).isEqualTo(200);
            HttpResponse<String> other = kafka.get(toolExecutor, path, theirs.key());
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(other.body()).contains("not valid for workspace");

            kafka.publishKey(mine.record().revokedAt(now.plusSeconds(1)));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> kafka.get(toolExecutor, path, mine.key()).statusCode() == 401);
        }
    }

    private void sendAtOnce(List<ToolCall> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(PRODUCER_THREADS)) {
            List<Future<?>> sent = IntStream.range(0, PRODUCER_THREADS).<Future<?>>mapToObj(t -> pool.submit(() -> {
                try (KafkaProducer<String, ToolCall> producer = kafka.callsProducer()) {
                    go.await();
                    for (int i = t; i < calls.size(); i += PRODUCER_THREADS) {
                        ToolExecutorOnKafka.send(producer, calls.get(i));
                    }
                }
                return null;
            })).toList();
            go.countDown();
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    private static ToolResult awaitRestartCall(KafkaConsumer<String, ToolResult> results) {
        return ToolExecutorOnKafka.awaitResults(results, r -> r.callId().equals("restart-1"), 1).getFirst().result();
    }

    private JsonNode appointments(ConfigurableApplicationContext app, String date) {
        HttpResponse<String> response = kafka.get(app, "/workspaces/" + DemoWorkspace.ID + "/appointments?date=" + date);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = EventMapper.create().readTree(response.body());
        assertThat(body.get("workspace_id").asString()).isEqualTo(DemoWorkspace.ID);
        return body.get("appointments");
    }
}
