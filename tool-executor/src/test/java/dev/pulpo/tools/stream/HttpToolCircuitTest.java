package dev.pulpo.tools.stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.pulpo.tools.TestCalls.args;
import static dev.pulpo.tools.TestCalls.call;
import static dev.pulpo.tools.TestCalls.customer;
import static dev.pulpo.tools.TestHttpTools.ENVIRONMENT;
import static dev.pulpo.tools.TestHttpTools.SETTINGS;
import static dev.pulpo.tools.TestHttpTools.baseUrl;
import static dev.pulpo.tools.TestHttpTools.demoWith;
import static dev.pulpo.tools.TestHttpTools.httpTool;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.TestHttpTools.TestClock;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.executor.BuiltinTools;
import dev.pulpo.tools.executor.CalendarTools;
import dev.pulpo.tools.executor.ToolRunner;
import dev.pulpo.tools.httptool.HttpTools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4's acceptance 3 on the topology: a workspace's HTTP tool points at a local server that fails. Its circuit
 * opens after the configured failures, later calls fail fast without a request, and once the server heals and the
 * wait in the open state passes, a probe closes it again.
 */
class HttpToolCircuitTest {
    private static final String ORDER_STATUS = "order_status";
    private static final String ANA = customer(1);

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TestClock clock = new TestClock();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ToolCall> calls;
    private TestOutputTopic<String, ToolResult> results;
    private int callIds;

    @BeforeEach
    void startTheTopologyWithAnHttpToolInTheManifest() {
        StreamsBuilder builder = new StreamsBuilder();
        HttpTools httpTools = new HttpTools(SETTINGS, ENVIRONMENT, meters, clock);
        new ToolExecutorTopology(new ToolRunner(new BuiltinTools(), httpTools, meters), new CalendarTools(ToolExecutorSettings.DEFAULT),
                ToolExecutorSettings.DEFAULT).build(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pulpo-tool-executor");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "topology-test-state", UUID.randomUUID().toString())
                .toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, Instant.parse("2026-03-02T12:00:00Z"));
        calls = driver.createInputTopic(Topics.TOOL_CALLS.name(), new StringSerializer(),
                Topics.TOOL_CALLS.valueSerde().serializer());
        results = driver.createOutputTopic(Topics.TOOL_RESULTS.name(), new StringDeserializer(),
                Topics.TOOL_RESULTS.valueSerde().deserializer());

        Workspace salon = demoWith(httpTool(ORDER_STATUS, baseUrl(api) + "/order-status", false, 5000, Map.of()));
        driver.createInputTopic(Topics.WORKSPACES.name(), new StringSerializer(),
                Topics.WORKSPACES.valueSerde().serializer()).pipeInput(DemoWorkspace.ID, salon);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aFailingApiOpensTheCircuitLaterCallsFailFastAndOnceItHealsAProbeClosesIt() {
        // Given an API that fails
        api.stubFor(post(urlEqualTo("/order-status")).willReturn(aResponse().withStatus(503)));

        // When three calls fail, the configured minimum in the window
        ToolResult first = callTheTool();
        callTheTool();
        callTheTool();

        // Then each failed with the API's status, and the circuit is open
        assertThat(first.status()).isEqualTo(ToolResult.FAILED);
        assertThat(first.error()).isEqualTo("order_status answered HTTP 503 (server error)");
        assertThat(first.conversationId()).isEqualTo(ANA);
        assertThat(circuitState("open")).isEqualTo(1.0);

        // When more calls come while it is open
        ToolResult refused = callTheTool();
        callTheTool();

        // Then they fail at once and never reach the API
        assertThat(refused.status()).isEqualTo(ToolResult.FAILED);
        assertThat(refused.error()).isEqualTo("circuit open for order_status");
        api.verify(3, postRequestedFor(urlEqualTo("/order-status")));

        // When the API heals, but the wait in the open state has not passed
        api.stubFor(post(urlEqualTo("/order-status")).willReturn(okJson("{\"order\":\"A-17\",\"status\":\"shipped\"}")));
        clock.advance(Duration.ofSeconds(29));

        // Then the circuit still refuses
        assertThat(callTheTool().error()).isEqualTo("circuit open for order_status");
        api.verify(3, postRequestedFor(urlEqualTo("/order-status")));

        // When the wait has passed
        clock.advance(Duration.ofSeconds(2));
        ToolResult probe = callTheTool();

        // Then the half-open probe reaches the API, succeeds, and closes the circuit
        assertThat(probe.status()).isEqualTo(ToolResult.OK);
        assertThat(probe.result()).containsEntry("order", "A-17").containsEntry("status", "shipped");
        assertThat(circuitState("closed")).isEqualTo(1.0);
        assertThat(callTheTool().status()).isEqualTo(ToolResult.OK);
        api.verify(5, postRequestedFor(urlEqualTo("/order-status")));
    }

    @Test
    void aReplayedCallOfAToolThatIsNotIdempotentIsAnsweredFromItsStoredResultAndReachesTheApiOnce() {
        api.stubFor(post(urlEqualTo("/order-status")).willReturn(okJson("{\"status\":\"cancelled\"}")));
        ToolCall cancelOrder = call("call-1", ANA, ORDER_STATUS, args("order", "A-17"));

        calls.pipeInput(ANA, cancelOrder);
        calls.pipeInput(ANA, cancelOrder);

        assertThat(results.readValuesToList()).hasSize(2)
                .allSatisfy(r -> assertThat(r.result()).containsEntry("status", "cancelled"));
        api.verify(1, postRequestedFor(urlEqualTo("/order-status")));
        assertThat(meters.counter("tool.calls.replayed", "tool", ORDER_STATUS).count()).isEqualTo(1);
    }

    private ToolResult callTheTool() {
        calls.pipeInput(ANA, call("call-" + ++callIds, ANA, ORDER_STATUS, args("order", "A-17")));
        ToolResult result = results.readValue();
        assertThat(results.isEmpty()).as("one result per call").isTrue();
        return result;
    }

    private double circuitState(String state) {
        return meters.get("resilience4j.circuitbreaker.state")
                .tags("name", DemoWorkspace.ID + "/" + ORDER_STATUS, "state", state).gauge().value();
    }
}
