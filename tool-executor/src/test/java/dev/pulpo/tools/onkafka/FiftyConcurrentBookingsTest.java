package dev.pulpo.tools.onkafka;

import static dev.pulpo.tools.TestCalls.THURSDAY;
import static dev.pulpo.tools.TestCalls.book;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.serde.EventMapper;
import dev.pulpo.tools.onkafka.ToolExecutorOnKafka.Keyed;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Issue 4, acceptance 1, on a real broker with the tool-executor application as it runs in production. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiftyConcurrentBookingsTest {
    private static final int CONVERSATIONS = 50;
    private static final int PRODUCER_THREADS = 10;

    private ToolExecutorOnKafka kafka;
    private ConfigurableApplicationContext toolExecutor;

    @BeforeAll
    void startKafkaAndToolExecutor() {
        kafka = ToolExecutorOnKafka.startBroker();
        toolExecutor = kafka.startToolExecutor(ToolExecutorOnKafka.newStateDir());
    }

    @AfterAll
    void stop() {
        if (toolExecutor != null) {
            toolExecutor.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void fiftyConversationsBookingTheSameSlotAtOnceGetExactlyTheTwoChairsAndTheRestTheNearestFreeTimes() throws Exception {
        // Given 50 customers of the demo salon (2 chairs), each asking for a corte on Thursday at 10:00
        List<ToolCall> calls = IntStream.rangeClosed(1, CONVERSATIONS)
                .mapToObj(n -> book("fifty-" + n, customer(n), "corte", THURSDAY, "10:00"))
                .toList();

        // When they all send at once, from several producers on several threads
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(PRODUCER_THREADS)) {
            List<Future<?>> sent = IntStream.range(0, PRODUCER_THREADS).<Future<?>>mapToObj(t -> pool.submit(() -> {
                try (KafkaProducer<String, ToolCall> producer = kafka.callsProducer()) {
                    go.await();
                    for (int i = t; i < CONVERSATIONS; i += PRODUCER_THREADS) {
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

        // Then every call gets one result, back on its own conversation
        List<Keyed> results;
        try (KafkaConsumer<String, ToolResult> consumer = kafka.resultsConsumer()) {
            results = ToolExecutorOnKafka.awaitResults(consumer, r -> r.callId().startsWith("fifty-"), CONVERSATIONS);
        }
        assertThat(results).hasSize(CONVERSATIONS);
        assertThat(results).allSatisfy(k -> {
            assertThat(k.key()).isEqualTo(k.result().conversationId());
            assertThat(k.result().status()).isEqualTo(ToolResult.OK);
        });
        assertThat(results).extracting(k -> k.result().conversationId()).doesNotHaveDuplicates();

        // and exactly the two chairs are booked; the other 48 are offered the nearest free times
        Map<Object, List<Keyed>> byStatus = results.stream()
                .collect(java.util.stream.Collectors.groupingBy(k -> k.result().result().get("status")));
        assertThat(byStatus.keySet()).containsExactlyInAnyOrder("booked", "unavailable");
        assertThat(byStatus.get("booked")).hasSize(2);
        assertThat(byStatus.get("unavailable")).hasSize(CONVERSATIONS - 2).allSatisfy(k -> assertThat(k.result().result())
                .containsEntry("reason", "taken")
                .containsEntry("free_times", List.of("09:15", "10:45", "09:00", "11:00", "11:15"))
                .containsKey("nearest"));

        // and the salon's agenda for Thursday shows those two
        HttpResponse<String> agenda = kafka.get(toolExecutor, "/workspaces/" + DemoWorkspace.ID + "/appointments?date=" + THURSDAY);
        assertThat(agenda.statusCode()).isEqualTo(200);
        JsonNode appointments = EventMapper.create().readTree(agenda.body()).get("appointments");
        assertThat(appointments.size()).isEqualTo(2);
        assertThat(appointments.get(0).get("service").asString()).isEqualTo("Corte de Cabello");
        assertThat(appointments.get(0).get("time").asString()).isEqualTo("10:00");
        assertThat(appointments.get(0).get("customer").asString()).contains("***");
        assertThat(byStatus.get("booked")).extracting(k -> k.result().result().get("booking_id"))
                .containsExactlyInAnyOrder(appointments.get(0).get("booking_id").asString(),
                        appointments.get(1).get("booking_id").asString());
    }

    @Test
    void theAppointmentsOfAnUnknownWorkspaceAreNotFound() {
        HttpResponse<String> response = kafka.get(toolExecutor, "/workspaces/no-such-salon/appointments");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"error\":\"unknown workspace no-such-salon\"");
    }

    @Test
    void anUnreadableDateIsABadRequestThatNamesTheField() {
        HttpResponse<String> response = kafka.get(toolExecutor, "/workspaces/" + DemoWorkspace.ID + "/appointments?date=jueves");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"date\"");
    }
}
