package dev.pulpo.ops.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.ops.PulpoCli;
import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.ops.launcher.ServiceHandle;
import dev.pulpo.schemas.DemoWorkspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 4, acceptance 7: a second business added with {@code ./pulpo workspace put} while the whole system runs
 * answers with its own catalog, on its own number, without a restart; a file with errors is refused with every
 * error. Also {@code workspace get|list} and {@code flags set|get} against the same running system.
 */
class WorkspacesAsDataEndToEndTest {
    private static final String BARBER = "barberia-el-tano";
    private static final String BARBER_NUMBER = "+59829001234";

    private static AllInOne system;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startTheSystem() throws InterruptedException {
        system = new AllInOne(new AllInOne.Settings(Path.of("target", "admin-e2e-" + UUID.randomUUID()), 0, null, 0,
                Map.of())).start();
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    /** One run of {@code ./pulpo ARGS...} against the running system's Kafka. */
    record Run(int exitCode, String out, String err) {
    }

    private static Run pulpo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withKafka = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--bootstrap-servers", system.bootstrapServers())).toArray(String[]::new);
        int code = new CommandLine(new PulpoCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(withKafka);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aWorkspacePutWhileTheSystemRunsAnswersWithItsOwnCatalogOnItsOwnNumber() throws Exception {
        // Given the system runs with the demo salon only
        await().atMost(Duration.ofSeconds(30)).until(() -> pulpo("workspace", "list").out().contains(DemoWorkspace.ID));

        // When an operator puts a barber shop
        Run put = pulpo("workspace", "put", resource("barberia-el-tano.json"));

        // Then it is published, listed with its number, and readable back
        assertThat(put.exitCode()).as(put.err()).isEqualTo(0);
        assertThat(put.out()).contains("published workspace " + BARBER);
        Run list = pulpo("workspace", "list");
        assertThat(list.out()).contains(BARBER).contains("Barbería El Tano").contains(BARBER_NUMBER)
                .contains(DemoWorkspace.ID);
        Run get = pulpo("workspace", "get", BARBER);
        assertThat(json.readTree(get.out()).path("timezone").asString()).isEqualTo("America/Montevideo");

        // And, with no restart, the assistant answers for it with ITS catalog and price
        JsonNode reply = await().atMost(Duration.ofSeconds(30)).until(
                () -> chat(BARBER, "+59899000001", "cuánto sale la barba?"), r -> r != null);
        assertThat(reply.path("intent").asString()).isEqualTo("info_price");
        assertThat(reply.path("assistant").asString()).contains("Barba: $450").doesNotContain("Corte de Barba");
        JsonNode demo = chat(DemoWorkspace.ID, "+5491100000077", "cuánto sale la barba?");
        assertThat(demo.path("assistant").asString()).as("the demo salon keeps its own price")
                .contains("Corte de Barba").doesNotContain("$450");

        // And its WhatsApp number leads to it
        WorkspaceDirectory directory = gateway().context().getBean(WorkspaceDirectory.class);
        assertThat(directory.byPhone(BARBER_NUMBER)).hasValueSatisfying(
                w -> assertThat(w.workspaceId()).isEqualTo(BARBER));
    }

    @Test
    void aWorkspaceFileWithErrorsIsRefusedWithEveryErrorAndExitCode1() throws Exception {
        Run put = pulpo("workspace", "put", resource("barberia-con-errores.json"));

        assertThat(put.exitCode()).isEqualTo(1);
        assertThat(put.out()).doesNotContain("published");
        assertThat(put.err()).contains("invalid workspace")
                .contains("$: required property 'name' not found")
                .contains("$.timezone: unknown time zone 'America/Montevido'")
                .contains("$.phone_numbers[0]: ")
                .contains("$.hours.monday[0]: opens at 20:00 but closes at 10:00")
                .contains("funday")
                .contains("$.booking.parallel_chairs: ")
                .contains("$.services[0]: required property 'duration_minutes' not found");
        assertThat(pulpo("workspace", "get", "barberia-con-errores").exitCode()).isEqualTo(2);
    }

    @Test
    void aNumberOfAnotherWorkspaceIsRefusedByTheCommandToo() throws Exception {
        String stolen = java.nio.file.Files.readString(Path.of(resource("barberia-el-tano.json")))
                .replace(BARBER, "barberia-copiona").replace(BARBER_NUMBER, DemoWorkspace.load().phoneNumbers().getFirst());
        Path file = Path.of("target", "barberia-copiona-" + UUID.randomUUID() + ".json");
        java.nio.file.Files.writeString(file, stolen);
        await().atMost(Duration.ofSeconds(30)).until(() -> pulpo("workspace", "list").out().contains(DemoWorkspace.ID));

        Run put = pulpo("workspace", "put", file.toString());

        assertThat(put.exitCode()).isEqualTo(1);
        assertThat(put.err()).contains("already belongs to workspace " + DemoWorkspace.ID);
    }

    @Test
    void flagsAreSetPerScopeAndReadBackKeepingWhatWasNotGiven() {
        // (false keeps every conversation on the legacy route, whatever the percentage, for the other tests)
        Run enable = pulpo("flags", "set", "--slm", "false", "--canary", "10");
        Run narrow = pulpo("flags", "set", "--scope", DemoWorkspace.ID, "--canary", "50");
        Run change = pulpo("flags", "set", "--canary", "100");

        assertThat(enable.exitCode()).as(enable.err()).isEqualTo(0);
        assertThat(narrow.exitCode()).as(narrow.err()).isEqualTo(0);
        assertThat(change.exitCode()).as(change.err()).isEqualTo(0);
        Run get = pulpo("flags", "get");
        assertThat(get.out()).contains("global  enable_slm_pipeline=false  slm_canary_percent=100")
                .contains(DemoWorkspace.ID + "  enable_slm_pipeline=inherit  slm_canary_percent=50");

        assertThat(pulpo("flags", "set", "--canary", "150").exitCode()).isEqualTo(2);
        assertThat(pulpo("flags", "set", "--scope", "no-such-salon", "--slm", "false").exitCode()).isEqualTo(2);
        assertThat(pulpo("flags", "set").exitCode()).isEqualTo(2);

        // Back to the environment's flags.
        assertThat(pulpo("flags", "set", "--slm", "inherit", "--canary", "inherit").exitCode()).isEqualTo(0);
        assertThat(pulpo("flags", "set", "--scope", DemoWorkspace.ID, "--canary", "inherit").exitCode()).isEqualTo(0);
    }

    @Test
    void aKeyCreatedOnTheCommandLineOpensItsWorkspaceOnlyUntilItIsRevoked() throws Exception {
        // Given a key for the demo salon, printed once
        Run created = pulpo("keys", "create", "--workspace", DemoWorkspace.ID, "--name", "n8n flow");
        assertThat(created.exitCode()).as(created.err()).isEqualTo(0);
        String key = created.out().strip();
        String keyId = key.split("_")[1];
        assertThat(pulpo("keys", "create", "--workspace", "no-such-salon").exitCode()).isEqualTo(2);

        // Then it is listed by id, never itself
        Run list = pulpo("keys", "list", "--workspace", DemoWorkspace.ID);
        assertThat(list.out()).contains(keyId).contains("n8n flow").contains("active").doesNotContain(key);

        // And it acts for its own workspace, never for another (even where keys are not required)
        await().atMost(Duration.ofSeconds(20)).until(() -> chatWithKey(key, DemoWorkspace.ID).statusCode() == 200);
        assertThat(chatWithKey(key, BARBER).statusCode()).isEqualTo(403);

        // When it is revoked, the gateway refuses it
        Run revoked = pulpo("keys", "revoke", keyId);
        assertThat(revoked.exitCode()).as(revoked.err()).isEqualTo(0);
        assertThat(revoked.out()).contains("revoked");
        await().atMost(Duration.ofSeconds(20)).until(() -> chatWithKey(key, DemoWorkspace.ID).statusCode() == 401);
        assertThat(pulpo("keys", "revoke", "0123456789abcdef").exitCode()).isEqualTo(2);
    }

    private HttpResponse<String> chatWithKey(String key, String workspace) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/chat"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                                Map.of("workspace_id", workspace, "user", "+5491100000078", "text", "hola"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode chat(String workspace, String user, String text) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/chat"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                                Map.of("workspace_id", workspace, "user", user, "text", text))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return null; // the gateway does not know the workspace yet
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static ServiceHandle gateway() {
        return system.services().stream().filter(s -> s.name().equals("ingress-gateway")).findFirst().orElseThrow();
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(WorkspacesAsDataEndToEndTest.class.getResource("/admin/" + name).toURI()).toString();
    }
}
