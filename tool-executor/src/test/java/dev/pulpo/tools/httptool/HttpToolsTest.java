package dev.pulpo.tools.httptool;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.pulpo.tools.TestCalls.args;
import static dev.pulpo.tools.TestCalls.call;
import static dev.pulpo.tools.TestCalls.customer;
import static dev.pulpo.tools.TestHttpTools.SETTINGS;
import static dev.pulpo.tools.TestHttpTools.baseUrl;
import static dev.pulpo.tools.TestHttpTools.demoWith;
import static dev.pulpo.tools.TestHttpTools.httpTool;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.admin.WorkspaceVariables;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.tools.TestHttpTools;
import dev.pulpo.tools.TestHttpTools.TestClock;
import dev.pulpo.tools.executor.BuiltinTools;
import dev.pulpo.tools.executor.ToolAnswer;
import dev.pulpo.tools.executor.ToolRunner;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** An HTTP tool against a local server: the request it makes, the answers it maps, its retries and timeouts. */
class HttpToolsTest {
    private static final String SECRET = "s3cr3t-n8n-token";
    private static final String ANA = customer(1);

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final String OTHERS_SECRET = "the-other-salons-token";
    /** The executor's environment: the demo salon's secret, another workspace's, and the process's own variables. */
    private final SecretLookup environment = TestHttpTools.environment(Map.of(
            WorkspaceVariables.secret(DemoWorkspace.ID, "N8N_TOKEN"), SECRET,
            WorkspaceVariables.secret("otra-peluqueria", "N8N_TOKEN"), OTHERS_SECRET,
            WorkspaceVariables.allowedHosts("otra-peluqueria"), "127.0.0.1",
            WorkspaceVariables.allowedHosts("otra"), "127.0.0.1",
            WorkspaceVariables.secret(DemoWorkspace.ID, "TWO_LINES"), "token\r\nX-Injected: yes",
            "N8N_TOKEN", "the-executors-own-variable",
            "PATH", "/usr/local/bin:/usr/bin",
            "ADMIN_TOKEN", "the-admin-api-token"));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private ToolRunner runner = runnerWith(SETTINGS);

    @BeforeEach
    void captureLogs() {
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        rootLogger().detachAppender(logs);
    }

    @Test
    void aCallPastItsDeadlineIsNeverMadeAndSaysTimeout() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));
        ToolSpec tool = tool(false, 5000, Map.of());

        ToolResult result = runner.run(withDeadline(call("late-1", ANA, tool.name(), args("service", "corte")), 1_000),
                demoWith(tool), 2_000);

        assertThat(result.status()).isEqualTo(ToolResult.TIMEOUT);
        assertThat(result.error()).contains("deadline passed");
        api.verify(0, postRequestedFor(urlEqualTo("/quote")));
    }

    @Test
    void anAttemptStopsAtTheCallersDeadlineRatherThanAtTheToolsOwnTimeout() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}").withFixedDelay(4_000)));
        ToolSpec tool = tool(false, 5000, Map.of());
        long now = System.currentTimeMillis();

        long started = System.nanoTime();
        ToolResult result = runner.run(withDeadline(call("soon-1", ANA, tool.name(), args("service", "corte")),
                now + 300), demoWith(tool), now);

        assertThat(result.status()).isEqualTo(ToolResult.TIMEOUT);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("cut to the 300 ms left")
                .isLessThan(java.time.Duration.ofMillis(3_000));
    }

    @Test
    void everyRequestCarriesTheCallIdAsItsIdempotencyKey() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));

        run(tool(false, 5000, Map.of("Idempotency-Key", "chosen-by-the-manifest")), "call-idem-1");

        api.verify(postRequestedFor(urlEqualTo("/quote")).withHeader("Idempotency-Key", equalTo("call-idem-1")));
    }

    private static ToolCall withDeadline(ToolCall call, long deadlineMs) {
        return new ToolCall(call.schemaVersion(), call.callId(), call.decisionId(), call.conversationId(),
                call.workspaceId(), call.tool(), call.args(), call.turnTime(),
                java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(deadlineMs), java.time.ZoneOffset.UTC));
    }

    @Test
    void theCallsArgumentsAndOriginArePostedAsJson() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));

        run(tool(false, 5000, Map.of()), "call-1");

        api.verify(postRequestedFor(urlEqualTo("/quote"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"args": {"service": "corte"}, "call_id": "call-1", "conversation_id": "%s",
                         "workspace_id": "%s", "tool": "quote", "turn_time": "2025-01-15T10:00:00-03:00"}"""
                        .formatted(ANA, DemoWorkspace.ID))));
    }

    @Test
    void headersGetTheWorkspacesOwnSecrets() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));

        run(tool(false, 5000, Map.of("Authorization", "Bearer ${N8N_TOKEN}", "X-Shop", "salon-1")), "call-1");

        api.verify(postRequestedFor(urlEqualTo("/quote"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET))
                .withHeader("X-Shop", equalTo("salon-1")));
    }

    @Test
    void aMissingSecretFailsTheCallNamingItsVariableAndSendsNothing() {
        ToolResult result = run(tool(false, 5000, Map.of("Authorization", "Bearer ${SHOP_API_KEY}")), "call-1");

        assertThat(result.status()).isEqualTo(ToolResult.FAILED);
        assertThat(result.error()).isEqualTo("header Authorization needs secret SHOP_API_KEY: environment variable "
                + "PULPO_SECRET_550E8400_E29B_41D4_A716_446655440003__SHOP_API_KEY is not set");
        api.verify(0, postRequestedFor(urlEqualTo("/quote")));
    }

    @Test
    void aWorkspaceCannotSendTheExecutorsOtherVariables() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));

        for (String name : List.of("PATH", "ADMIN_TOKEN", "PULPO_SECRET_OTRA_PELUQUERIA__N8N_TOKEN")) {
            ToolResult result = run(tool(false, 5000, Map.of("X-Stolen", "${" + name + "}")), "call-" + name);

            assertThat(result.status()).isEqualTo(ToolResult.FAILED);
            assertThat(result.error()).contains("needs secret " + name + ": environment variable PULPO_SECRET_"
                    + WorkspaceVariables.key(DemoWorkspace.ID) + "__" + name + " is not set");
        }
        api.verify(0, postRequestedFor(urlEqualTo("/quote")));
    }

    @Test
    void aWorkspaceCannotSendAnotherWorkspacesSecret() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));
        HttpTools tools = new HttpTools(SETTINGS, environment, meters, new TestClock());
        ToolSpec quote = tool(false, 5000, Map.of("Authorization", "Bearer ${N8N_TOKEN}"));

        // Workspace 'otra' reads only its own N8N_TOKEN, which is not set: 'otra-peluqueria''s is another key's
        ToolAnswer otra = tools.run(call("call-1", ConversationId.of("otra", "+5491155500001"), "quote",
                args("service", "corte")), quote);
        assertThat(otra.status()).isEqualTo(ToolResult.FAILED);
        assertThat(otra.error()).endsWith("environment variable PULPO_SECRET_OTRA__N8N_TOKEN is not set");
        // Nor can it reach it by writing the rest of the other workspace's key into the name
        for (String sneaky : List.of("PELUQUERIA_N8N_TOKEN", "PELUQUERIA__N8N_TOKEN")) {
            ToolAnswer answer = tools.run(call("call-" + sneaky, ConversationId.of("otra", "+5491155500001"), "quote",
                    args("service", "corte")), tool(false, 5000, Map.of("Authorization", "Bearer ${" + sneaky + "}")));
            assertThat(answer.status()).isEqualTo(ToolResult.FAILED);
            assertThat(answer.error()).endsWith("environment variable PULPO_SECRET_OTRA__" + sneaky + " is not set");
        }
        // The owner sends it
        ToolAnswer owner = tools.run(call("call-3", ConversationId.of("otra-peluqueria", "+5491155500002"), "quote",
                args("service", "corte")), quote);
        assertThat(owner.status()).isEqualTo(ToolResult.OK);
        api.verify(1, postRequestedFor(urlEqualTo("/quote")));
        api.verify(1, postRequestedFor(urlEqualTo("/quote")).withHeader("Authorization", equalTo("Bearer " + OTHERS_SECRET)));
    }

    @Test
    void aSecretIsNamedByALetterThenLettersDigitsAndUnderscores() {
        for (String name : List.of("_N8N_TOKEN", "N8N-TOKEN", "", "env:PATH")) {
            ToolResult result = run(tool(false, 5000, Map.of("Authorization", "${" + name + "}")), "call-" + name);

            assertThat(result.status()).isEqualTo(ToolResult.FAILED);
            assertThat(result.error()).isEqualTo("header Authorization names secret '" + name
                    + "'; a secret's name is a letter, then letters, digits and _");
        }
        api.verify(0, postRequestedFor(urlEqualTo("/quote")));
    }

    @Test
    void aHeaderCannotReRouteTheRequestNorStartAnotherHeader() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));

        ToolResult host = run(tool(false, 5000, Map.of("Host", "kafka:9092")), "call-1");
        ToolResult framing = run(tool(false, 5000, Map.of("Transfer-Encoding", "chunked")), "call-2");
        ToolResult twoLines = run(tool(false, 5000, Map.of("X-Key", "${TWO_LINES}")), "call-3");
        ToolResult badName = run(tool(false, 5000, Map.of("X-Key: 1\r\nX-Other", "2")), "call-4");

        assertThat(host.error()).isEqualTo("header Host of quote cannot be set");
        assertThat(framing.error()).isEqualTo("header Transfer-Encoding of quote cannot be set");
        assertThat(twoLines.error()).isEqualTo("header X-Key of quote has a value that cannot be sent");
        assertThat(badName.status()).isEqualTo(ToolResult.FAILED);
        api.verify(0, postRequestedFor(urlEqualTo("/quote")));
    }

    @Test
    void secretsNeverAppearInLogsOrResultsEvenWhenTheApiEchoesThem() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\": \"bad token Bearer " + SECRET + "\"}")));

        ToolResult result = run(tool(true, 5000, Map.of("Authorization", "Bearer ${N8N_TOKEN}")), "call-1");

        assertThat(result.status()).isEqualTo(ToolResult.FAILED);
        assertThat(new String(Topics.TOOL_RESULTS.valueSerde().serialize("tool-results", result), StandardCharsets.UTF_8))
                .doesNotContain(SECRET);
        assertThat(logs.list).isNotEmpty().allSatisfy(line -> assertThat(line.getFormattedMessage()).doesNotContain(SECRET));
    }

    @Test
    void aJsonObjectAnswerIsTheResultAndAnyOtherJsonValueIsWrapped() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{\"price\": 1200, \"currency\": \"ARS\"}")));
        api.stubFor(post(urlEqualTo("/count")).willReturn(okJson("[1, 2]")));

        ToolResult object = run(tool(false, 5000, Map.of()), "call-1");
        ToolResult list = run(httpTool("quote", baseUrl(api) + "/count", false, 5000, Map.of()), "call-2");

        assertThat(object.status()).isEqualTo(ToolResult.OK);
        assertThat(object.result()).isEqualTo(Map.of("price", 1200, "currency", "ARS"));
        assertThat(list.result()).isEqualTo(Map.of("value", List.of(1, 2)));
    }

    @Test
    void anAnswerThatIsNotJsonOrNot2xxFailsWithTheStatus() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(aResponse().withStatus(200).withBody("<html>oops</html>")));
        api.stubFor(post(urlEqualTo("/missing")).willReturn(aResponse().withStatus(404)));

        ToolResult unreadable = run(tool(false, 5000, Map.of()), "call-1");
        ToolResult notFound = run(httpTool("quote", baseUrl(api) + "/missing", false, 5000, Map.of()), "call-2");

        assertThat(unreadable.status()).isEqualTo(ToolResult.FAILED);
        assertThat(unreadable.error()).isEqualTo("quote answered HTTP 200 with a body that is not JSON");
        assertThat(notFound.status()).isEqualTo(ToolResult.FAILED);
        assertThat(notFound.error()).isEqualTo("quote answered HTTP 404 (the call was refused)");
    }

    @Test
    void anAnswerOfUpToTheLimitIsReadAndALargerOneFailsTheCall() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson(jsonOfSize(64 * 1024))));
        api.stubFor(post(urlEqualTo("/large")).willReturn(okJson(jsonOfSize(64 * 1024 + 1))));

        ToolResult fits = run(tool(true, 5000, Map.of()), "call-1");
        ToolResult large = run(httpTool("quote", baseUrl(api) + "/large", true, 5000, Map.of()), "call-2");

        assertThat(fits.status()).isEqualTo(ToolResult.OK);
        assertThat(large.status()).isEqualTo(ToolResult.FAILED);
        assertThat(large.error()).as("asking again gets the same: no retry").isEqualTo("quote sent an answer larger than 64 KB");
        api.verify(1, postRequestedFor(urlEqualTo("/large")));
    }

    @Test
    void theLimitIsASetting() {
        runner = runnerWith(new HttpToolSettings(SETTINGS.callBudget(), 3, SETTINGS.backoff(), 2.0, 100, SETTINGS.circuit()));
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson(jsonOfSize(101))));

        assertThat(run(tool(false, 5000, Map.of()), "call-1").error()).isEqualTo("quote sent an answer larger than 100 bytes");
    }

    @Test
    void anEndlessAnswerIsCutAtTheLimitInsteadOfReadToItsEnd() throws Exception {
        try (EndlessAnswer endless = new EndlessAnswer(200)) {
            ToolResult result = run(httpTool("quote", endless.url(), false, 5000, Map.of()), "call-1");

            assertThat(result.status()).isEqualTo(ToolResult.FAILED);
            assertThat(result.error()).isEqualTo("quote sent an answer larger than 64 KB");
            EndlessAnswer.Outcome outcome = endless.outcome();
            assertThat(outcome.clientHungUp()).as("the executor closed the connection").isTrue();
            assertThat(outcome.bytesWritten()).as("what socket buffers hold, not the stream").isLessThan(32L << 20);
        }
    }

    @Test
    void theBodyOfAnAnswerThatIsNotA2xxIsNotReadAtAll() throws Exception {
        try (EndlessAnswer endless = new EndlessAnswer(503)) {
            ToolResult result = run(httpTool("quote", endless.url(), false, 5000, Map.of()), "call-1");

            assertThat(result.error()).isEqualTo("quote answered HTTP 503 (server error)");
            assertThat(endless.outcome().clientHungUp()).isTrue();
        }
    }

    @Test
    void anIdempotentToolIsRetriedWithExponentialBackoffUntilItAnswers() {
        api.stubFor(post(urlEqualTo("/quote")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still down"));
        api.stubFor(post(urlEqualTo("/quote")).inScenario("flaky").whenScenarioStateIs("still down")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("healed"));
        api.stubFor(post(urlEqualTo("/quote")).inScenario("flaky").whenScenarioStateIs("healed")
                .willReturn(okJson("{\"price\": 1200}")));

        ToolResult result = run(tool(true, 5000, Map.of()), "call-1");

        assertThat(result.status()).isEqualTo(ToolResult.OK);
        assertThat(result.result()).containsEntry("price", 1200);
        api.verify(3, postRequestedFor(urlEqualTo("/quote")));
        assertThat(logs.list).map(ILoggingEvent::getFormattedMessage).filteredOn(m -> m.startsWith("retrying"))
                .as("waits of 1 ms, then twice that").satisfiesExactly(
                        first -> assertThat(first).contains("attempt=1", "wait_ms=1 "),
                        second -> assertThat(second).contains("attempt=2", "wait_ms=2 "));
        assertThat(meters.scrape()).contains("resilience4j_retry_calls_total{kind=\"successful_with_retry\",name=\""
                + DemoWorkspace.ID + "/quote\"} 1.0");
    }

    @Test
    void anIdempotentToolGivesUpAfterTheMaxAttempts() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(aResponse().withStatus(503)));

        ToolResult result = run(tool(true, 5000, Map.of()), "call-1");

        assertThat(result.status()).isEqualTo(ToolResult.FAILED);
        assertThat(result.error()).isEqualTo("quote answered HTTP 503 (server error) (3 attempts)");
        api.verify(3, postRequestedFor(urlEqualTo("/quote")));
    }

    @Test
    void aToolThatIsNotIdempotentIsNeverRetried() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(aResponse().withStatus(503)));

        ToolResult result = run(tool(false, 5000, Map.of()), "call-1");

        assertThat(result.status()).isEqualTo(ToolResult.FAILED);
        api.verify(1, postRequestedFor(urlEqualTo("/quote")));
    }

    @Test
    void aRefusalIsNotRetriedAndDoesNotOpenTheCircuit() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(aResponse().withStatus(422)));

        for (int i = 1; i <= 4; i++) {
            assertThat(run(tool(true, 5000, Map.of()), "call-" + i).error()).isEqualTo("quote answered HTTP 422 (the call was refused)");
        }

        api.verify(4, postRequestedFor(urlEqualTo("/quote")));
    }

    @Test
    void anApiThatCannotBeReachedFails() {
        ToolResult result = run(httpTool("quote", "http://127.0.0.1:1/quote", false, 5000, Map.of()), "call-1");

        assertThat(result.status()).isEqualTo(ToolResult.FAILED);
        assertThat(result.error()).startsWith("quote could not be reached");
    }

    @Test
    void anAnswerSlowerThanTheToolsTimeoutIsATimeout() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}").withFixedDelay(1500)));

        ToolResult result = run(tool(false, 150, Map.of()), "call-1");

        assertThat(result.status()).isEqualTo(ToolResult.TIMEOUT);
        assertThat(result.error()).isEqualTo("quote gave no answer within 150 ms");
        assertThat(result.durationMs()).isLessThan(1000);
    }

    @Test
    void theCallBudgetBoundsEveryAttemptOfASlowIdempotentTool() {
        runner = runnerWith(new HttpToolSettings(Duration.ofMillis(400), 3, SETTINGS.backoff(), 2.0, 65536, SETTINGS.circuit()));
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}").withFixedDelay(1500)));

        ToolResult result = run(tool(true, 300, Map.of()), "call-1");

        assertThat(result.status()).isEqualTo(ToolResult.TIMEOUT);
        assertThat(result.durationMs()).as("one budget and a backoff, not three timeouts").isLessThan(800);
    }

    @Test
    void eachCircuitsStateIsExportedForPrometheus() {
        api.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));

        run(tool(false, 5000, Map.of()), "call-1");

        String circuit = "name=\"" + DemoWorkspace.ID + "/quote\"";
        assertThat(meters.scrape())
                .contains("resilience4j_circuitbreaker_state{" + circuit + ",state=\"closed\"} 1.0")
                .contains("resilience4j_circuitbreaker_state{" + circuit + ",state=\"open\"} 0.0")
                .contains("resilience4j_circuitbreaker_state{" + circuit + ",state=\"half_open\"} 0.0")
                .contains("resilience4j_circuitbreaker_failure_rate{" + circuit + "}")
                .contains("resilience4j_circuitbreaker_calls_seconds_count{kind=\"successful\"," + circuit + "} 1");
    }

    /** A JSON object of exactly {@code bytes} bytes. */
    private static String jsonOfSize(int bytes) {
        return "{\"pad\":\"" + "x".repeat(bytes - 10) + "\"}";
    }

    private ToolSpec tool(boolean idempotent, int timeoutMs, Map<String, String> headers) {
        return httpTool("quote", baseUrl(api) + "/quote", idempotent, timeoutMs, headers);
    }

    private ToolResult run(ToolSpec tool, String callId) {
        return runner.run(call(callId, ANA, tool.name(), args("service", "corte")), demoWith(tool), 0);
    }

    private ToolRunner runnerWith(HttpToolSettings settings) {
        return new ToolRunner(new BuiltinTools(), new HttpTools(settings, environment, meters, new TestClock()), meters);
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
