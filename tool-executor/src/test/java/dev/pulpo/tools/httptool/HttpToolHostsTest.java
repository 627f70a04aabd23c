package dev.pulpo.tools.httptool;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.pulpo.tools.TestCalls.args;
import static dev.pulpo.tools.TestCalls.call;
import static dev.pulpo.tools.TestCalls.customer;
import static dev.pulpo.tools.TestHttpTools.SETTINGS;
import static dev.pulpo.tools.TestHttpTools.httpTool;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.admin.WorkspaceVariables;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.tools.TestHttpTools.TestClock;
import dev.pulpo.tools.executor.ToolAnswer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11: whoever writes a workspace points its HTTP tools at the executor's own network, and gets nothing. A
 * local server stands for the internal service: a request that reaches it is an attack that worked. Host names are
 * answered by a made-up DNS ({@link #names}); IP literals are what they say. The guard is the production one: only
 * the operator's allowlist ({@code PULPO_HTTP_TOOL_ALLOWED_HOSTS_<WORKSPACE>}) lets a test reach 127.0.0.1.
 */
class HttpToolHostsTest {
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private static final String ANA = customer(1);

    @RegisterExtension
    static WireMockExtension internal = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** The executor's environment: empty but for what a test sets, as the operator would. */
    private final Map<String, String> variables = new HashMap<>();
    /** The made-up DNS: each name's answers, the last one repeated; and how often each name was looked up. */
    private final Map<String, List<InetAddress[]>> names = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final HttpTools tools = new HttpTools(SETTINGS, name -> Optional.ofNullable(variables.get(name)),
            this::lookUp, new SimpleMeterRegistry(), new TestClock());

    @ParameterizedTest(name = "http://{0}:<port>")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "2130706433", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]",
            "localhost", "LOCALHOST.", "app.localhost"})
    void theExecutorsOwnMachineIsRefusedHoweverItIsWrittenAndNothingIsSent(String host) {
        internal.stubFor(post(anyUrl()).willReturn(okJson("{\"admin\": true}")));

        ToolAnswer answer = callQuote("http://" + host + ":" + internal.getPort() + "/quote");

        assertThat(answer.status()).isEqualTo(ToolResult.FAILED);
        assertThat(answer.error()).startsWith("quote may not call ")
                .endsWith("; an operator may allow the host for this workspace in PULPO_HTTP_TOOL_ALLOWED_HOSTS_"
                        + WorkspaceVariables.key(DemoWorkspace.ID));
        internal.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://169.254.169.254/latest/meta-data/iam/ | quote may not call 169.254.169.254: it is the cloud metadata address",
            "http://10.0.0.12:8080/admin                  | quote may not call 10.0.0.12: it is a private address",
            "http://172.18.0.4:9092/                      | quote may not call 172.18.0.4: it is a private address",
            "https://192.168.1.1/                         | quote may not call 192.168.1.1: it is a private address",
            "http://100.100.100.200/latest/meta-data/     | quote may not call 100.100.100.200: it is a carrier-grade NAT address",
            "http://224.0.0.251:5353/                     | quote may not call 224.0.0.251: it is a multicast address",
            "http://[fe80::1]/                            | quote may not call fe80::1: it is a link-local address",
            "http://[fd00:ec2::254]/latest/meta-data/     | quote may not call fd00:ec2::254: it is the cloud metadata address",
            "http://[::]:8002/                            | quote may not call ::: it is an any-local address"})
    void anInternalAddressIsRefusedBeforeAnyConnection(String url, String error) {
        ToolAnswer answer = callQuote(url);

        assertThat(answer.status()).isEqualTo(ToolResult.FAILED);
        assertThat(answer.error()).startsWith(error + "; an operator may allow");
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsInternal() throws UnknownHostException {
        answer("metadata.attacker.test", "169.254.169.254");
        answer("mixed.attacker.test", "93.184.216.34", "10.1.2.3");

        assertThat(callQuote("http://metadata.attacker.test/latest/meta-data/").error())
                .startsWith("quote may not call metadata.attacker.test: it resolves to the cloud metadata address");
        assertThat(callQuote("https://mixed.attacker.test/").error())
                .startsWith("quote may not call mixed.attacker.test: it resolves to a private address");
    }

    @Test
    void theStacksOwnServicesAreRefusedByNameWhateverTheyResolveTo() throws UnknownHostException {
        for (String service : HostGuard.PULPOS_OWN) {
            answer(service, "93.184.216.34");
            answer(service + ".", "93.184.216.34");

            assertThat(callQuote("http://" + service + ":8080/").error())
                    .startsWith("quote may not call " + service + ": it is a service of Pulpo's own stack");
            assertThat(callQuote("http://" + service.toUpperCase(java.util.Locale.ROOT) + ".:8080/").error())
                    .startsWith("quote may not call " + service + ": it is a service of Pulpo's own stack");
        }
    }

    @Test
    void aRefusedHostIsNotRetriedNorLookedUpAgain() throws UnknownHostException {
        answer("db.attacker.test", "10.9.9.9");

        ToolAnswer answer = tools.run(call("call-1", ANA, "quote", args("order", "A-17")),
                httpTool("quote", "http://db.attacker.test/", true, 5000, Map.of()));

        assertThat(answer.error()).doesNotContain("attempts").startsWith("quote may not call db.attacker.test");
        assertThat(lookups.get("db.attacker.test")).hasValue(1);
    }

    @Test
    void theOperatorAllowsAnInternalHostForOneWorkspaceByItsName() throws UnknownHostException {
        internal.stubFor(post(urlEqualTo("/webhook/order")).willReturn(okJson("{\"status\": \"shipped\"}")));
        answer("n8n", "127.0.0.1");
        variables.put(WorkspaceVariables.allowedHosts(DemoWorkspace.ID), "erp.salon.test, n8n");
        String n8n = "http://n8n:" + internal.getPort() + "/webhook/order";

        ToolAnswer allowed = callQuote(n8n);
        ToolAnswer otherWorkspace = tools.run(call("call-2", ConversationId.of("otra", "+5491155500001"), "quote",
                args("order", "A-17")), httpTool("quote", n8n, false, 5000, Map.of()));
        ToolAnswer sameAddressOtherName = callQuote("http://127.0.0.1:" + internal.getPort() + "/webhook/order");

        assertThat(allowed.status()).isEqualTo(ToolResult.OK);
        assertThat(allowed.result()).containsEntry("status", "shipped");
        assertThat(otherWorkspace.error()).startsWith("quote may not call n8n: it is a service of Pulpo's own stack;"
                + " an operator may allow the host for this workspace in PULPO_HTTP_TOOL_ALLOWED_HOSTS_OTRA");
        assertThat(sameAddressOtherName.error()).startsWith("quote may not call 127.0.0.1: it is a loopback address");
        internal.verify(1, postRequestedFor(urlEqualTo("/webhook/order")));
    }

    @Test
    void theRequestGoesToTheAddressCheckedUnderTheUrlsName() throws UnknownHostException {
        internal.stubFor(post(urlEqualTo("/quote")).willReturn(okJson("{}")));
        // The name is made up: only the guard's lookup knows it. Any later lookup would answer an address that
        // nothing listens on.
        answer("erp.salon.test", "127.0.0.1");
        answerLater("erp.salon.test", "192.0.2.1");
        variables.put(WorkspaceVariables.allowedHosts(DemoWorkspace.ID), "erp.salon.test");

        ToolAnswer answer = callQuote("http://erp.salon.test:" + internal.getPort() + "/quote");

        assertThat(answer.status()).isEqualTo(ToolResult.OK);
        internal.verify(1, postRequestedFor(urlEqualTo("/quote"))
                .withHeader("Host", equalTo("erp.salon.test:" + internal.getPort())));
        assertThat(lookups.get("erp.salon.test")).hasValue(1);
    }

    @Test
    void overTlsTheConnectionToTheCheckedAddressAsksForTheUrlsName() throws Exception {
        answer("erp.salon.test", "127.0.0.1");
        answerLater("erp.salon.test", "192.0.2.1");
        variables.put(WorkspaceVariables.allowedHosts(DemoWorkspace.ID), "erp.salon.test");

        try (ClientHelloRecorder tls = new ClientHelloRecorder()) {
            ToolAnswer answer = callQuote("https://erp.salon.test:" + tls.port() + "/quote");

            assertThat(tls.serverName()).as("SNI, which the certificate is checked against too").contains("erp.salon.test");
            assertThat(answer.error()).as("the recorder has no certificate").startsWith("quote could not be reached");
        }
        assertThat(lookups.get("erp.salon.test")).hasValue(1);
    }

    @Test
    void aNameThatResolvesElsewhereOnceCheckedDoesNotReachTheInternalService() throws UnknownHostException {
        internal.stubFor(post(anyUrl()).willReturn(okJson("{\"admin\": true}")));
        // DNS rebinding: the first answer is a harmless address on the internet, every later one the internal service.
        answer("rebind.attacker.test", "192.0.2.1");
        answerLater("rebind.attacker.test", "127.0.0.1");

        ToolAnswer answer = tools.run(call("call-1", ANA, "quote", args("order", "A-17")),
                httpTool("quote", "http://rebind.attacker.test:" + internal.getPort() + "/quote", false, 300, Map.of()));

        assertThat(answer.status()).isNotEqualTo(ToolResult.OK);
        assertThat(lookups.get("rebind.attacker.test")).as("one lookup, the one checked").hasValue(1);
        internal.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRedirectIsNotFollowedToTheExecutorsMachineNorToTheMetadataService() {
        variables.put(WorkspaceVariables.allowedHosts(DemoWorkspace.ID), "127.0.0.1");
        String base = "http://127.0.0.1:" + internal.getPort();
        internal.stubFor(post(urlEqualTo("/quote")).willReturn(aResponse().withStatus(307)
                .withHeader("Location", base + "/internal/admin")));
        internal.stubFor(post(urlEqualTo("/metadata")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/iam/security-credentials/")));

        ToolAnswer toLoopback = callQuote(base + "/quote");
        ToolAnswer toMetadata = callQuote(base + "/metadata");

        assertThat(toLoopback.status()).isEqualTo(ToolResult.FAILED);
        assertThat(toLoopback.error()).isEqualTo("quote answered HTTP 307 (not an answer)");
        assertThat(toMetadata.error()).isEqualTo("quote answered HTTP 302 (not an answer)");
        internal.verify(0, anyRequestedFor(urlPathEqualTo("/internal/admin")));
    }

    private ToolAnswer callQuote(String url) {
        return tools.run(call("call-1", ANA, "quote", args("order", "A-17")), httpTool("quote", url, false, 5000, Map.of()));
    }

    /** The made-up DNS answers these addresses for the name (at first, or for good if nothing else is said). */
    private void answer(String name, String... addresses) throws UnknownHostException {
        names.computeIfAbsent(name.toLowerCase(), n -> new ArrayList<>()).add(addresses(name, addresses));
    }

    /** ... and these on every later lookup. */
    private void answerLater(String name, String... addresses) throws UnknownHostException {
        answer(name, addresses);
    }

    private InetAddress[] lookUp(String host) throws UnknownHostException {
        int n = lookups.computeIfAbsent(host.toLowerCase(), h -> new AtomicInteger()).getAndIncrement();
        List<InetAddress[]> answers = names.get(host.toLowerCase());
        if (answers != null) {
            return answers.get(Math.min(n, answers.size() - 1));
        }
        if (LITERAL.matcher(host).matches()) {
            return InetAddress.getAllByName(host); // an IP literal: no DNS involved
        }
        throw new UnknownHostException(host);
    }

    private static InetAddress[] addresses(String name, String... literals) throws UnknownHostException {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = InetAddress.getByAddress(name, InetAddress.getByName(literals[i]).getAddress());
        }
        return addresses;
    }
}
