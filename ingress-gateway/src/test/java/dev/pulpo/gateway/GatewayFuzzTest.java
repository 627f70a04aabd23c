package dev.pulpo.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.RawHttp.Answer;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Thousands of random and mutated requests, over a plain socket, to every endpoint of the real gateway on a real
 * broker: every method, every content type, bad JSON, binary bodies, broken form and URL encoding, huge and odd
 * Unicode (lone surrogates, right-to-left, zero-width, emoji, NUL), forged Twilio signatures and forged bearer keys,
 * along with requests that are valid or nearly so, so the checks past the first ones are reached too.
 *
 * <p>Nothing a caller sends may give a 5xx, and every 4xx is the gateway's JSON error. One exclusion: no
 * orchestrator runs here, so a {@code /chat} or {@code /orchestrator/decide} request that passes every check
 * waits for a decision that never comes and gets the contract's 504 (JSON, with the decision id), after a wait
 * cut to 100 ms. The broker is up, so a 503 is a failure. Afterwards the gateway must be healthy and accept a valid
 * message.
 *
 * <p>The requests come from a seeded {@link Random}: the seed is printed, and {@code -Dpulpo.fuzz.seed=N} replays
 * a run ({@code -Dpulpo.fuzz.requests=N} changes how many). The default seed is fixed, so the build is
 * deterministic.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.auth.api-keys-required=false",
                "pulpo.twilio.auth-token=" + GatewayFuzzTest.TWILIO_TOKEN,
                "pulpo.twilio.public-base-url=" + GatewayFuzzTest.PUBLIC, "pulpo.gateway.admin-token="
                + GatewayFuzzTest.ADMIN_TOKEN, "pulpo.gateway.total-timeout=100ms",
                // the customers' limits as shipped; the workspace's out of the way, so the last check can pass
                "pulpo.gateway.rate-limit.per-workspace=1000000", "pulpo.gateway.rate-limit.workspace-burst=1000000",
                "logging.level.dev.pulpo.gateway=WARN", "logging.level.org.apache.coyote=ERROR"})
class GatewayFuzzTest {
    static final String TWILIO_TOKEN = "fuzz-twilio-auth-token-0123456789";
    static final String ADMIN_TOKEN = "fuzz-admin-token";
    static final String PUBLIC = "https://pulpo.example.com";
    private static final long DEFAULT_SEED = 20_261_206L;
    private static final String SALON = "+14155238886";

    @RegisterExtension
    static final BrokerPerClass KAFKA = new BrokerPerClass();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    }

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceDirectory workspaces;

    private final JsonMapper json = JsonMapper.builder().build();
    private Random random;

    /** One request to send, and whether the gateway may close the connection without an answer. */
    private record Request(String method, String path, String target, Map<String, String> headers, byte[] body,
            boolean framingBroken, String rawHead) {
        String head() {
            if (rawHead != null) {
                return rawHead;
            }
            return RawHttp.head(method, target, headers, headers.containsKey("Transfer-Encoding")
                    || headers.containsKey("Content-Length") ? -1 : body.length);
        }

        String describe() {
            StringBuilder text = new StringBuilder();
            for (String line : head().split("\r\n")) {
                text.append(line.length() > 300 ? line.substring(0, 300) + "...(" + line.length() + " characters)" : line)
                        .append('\n');
            }
            text.append(new String(body, 0, Math.min(body.length, 600), StandardCharsets.ISO_8859_1));
            return body.length > 600 ? text + "...(" + body.length + " bytes)" : text.toString();
        }
    }

    @Test
    void noRequestGivesA5xxEvery4xxIsJsonAndTheGatewayStaysHealthy() throws Exception {
        long seed = Long.getLong("pulpo.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("pulpo.fuzz.requests", 10_000);
        System.out.println("GatewayFuzzTest seed=" + seed + " requests=" + count
                + " (replay with -Dpulpo.fuzz.seed=" + seed + ")");
        random = new Random(seed);
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DemoWorkspace.ID).isPresent());

        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byPath = new TreeMap<>();
        int unanswered = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Request request = request();
            Answer answer = RawHttp.send(port, request.head(), request.body());
            String where = "request #" + i + " of seed " + seed + ":\n" + request.describe() + "\n--- answered: "
                    + answer;
            byStatus.merge(Integer.toString(answer.status()), 1, Integer::sum);
            byPath.merge(request.path() + " " + answer.status(), 1, Integer::sum);
            if (answer.status() == 0) {
                assertThat(request.framingBroken()).as("no answer to a well-framed request: " + where).isTrue();
                unanswered++;
                continue;
            }
            check(request, answer, where);
        }
        System.out.printf("GatewayFuzzTest: %d requests in %d ms; by status %s; unanswered (broken framing) %d%n",
                count, (System.nanoTime() - started) / 1_000_000, byStatus, unanswered);
        System.out.println("GatewayFuzzTest: by path and status " + byPath);

        // Then the gateway is healthy and still takes a valid message
        Answer health = RawHttp.send(port, RawHttp.head("GET", "/actuator/health", Map.of(), -1), new byte[0]);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asString()).isEqualTo("UP");
        byte[] valid = ("{\"workspace_id\":\"" + DemoWorkspace.ID + "\",\"user_phone\":\"+5491155559999\","
                + "\"text\":\"hola, ¿tienen turno?\"}").getBytes(StandardCharsets.UTF_8);
        Answer accepted = RawHttp.send(port, RawHttp.head("POST", "/ingress/messages",
                Map.of("Content-Type", "application/json"), valid.length), valid);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(json.readTree(accepted.body()).path("snapshot_id").asString()).isNotBlank();
        // And the fuzz reached past the first checks: accepted messages, refusals of each kind (the rate limit's
        // 429 only now and then, since most requests stop at a forged key or a bad field first: RateLimitHttpTest)
        assertThat(byStatus).containsKeys("200", "202", "400", "401", "403", "404", "405", "413", "415");
    }

    private void check(Request request, Answer answer, String where) {
        int status = answer.status();
        boolean synchronous = request.path().equals("/chat") || request.path().equals("/orchestrator/decide");
        if (status >= 500) {
            assertThat(status == 504 && synchronous).as("a 5xx: " + where).isTrue();
            assertThat(json.readTree(answer.body()).path("decision_id").asString()).as(where).isNotBlank();
            return;
        }
        if (status < 400) {
            return;
        }
        assertThat(answer.contentType()).as("a 4xx that is not JSON: " + where).startsWith("application/json");
        if (request.method().equals("HEAD")) {
            return;
        }
        JsonNode error;
        try {
            error = json.readTree(answer.body());
        } catch (RuntimeException e) {
            throw new AssertionError("a 4xx whose body is not JSON: " + where, e);
        }
        assertThat(error.path("error").asString()).as("a 4xx without an error: " + where).isNotBlank();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Requests

    private Request request() {
        int kind = random.nextInt(100);
        if (kind < 4) {
            return rawGarbage();
        }
        Endpoint endpoint = pick(Endpoint.values());
        String method = kind < 70 ? endpoint.method : pick(METHODS);
        String path = endpoint.path(this);
        String query = random.nextInt(5) == 0 ? "?" + query() : endpoint.query(this);
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = endpoint.body(this);
        String contentType = random.nextInt(4) == 0 ? pick(CONTENT_TYPES) : endpoint.contentType;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (random.nextInt(3) == 0) {
            headers.put("Accept", pick(ACCEPTS));
        }
        authorization(endpoint, headers);
        if (endpoint == Endpoint.TWILIO_INBOUND || endpoint == Endpoint.TWILIO_STATUS || random.nextInt(20) == 0) {
            headers.put("X-Twilio-Signature", twilioSignature(path + (query.isEmpty() ? "" : query), body));
        }
        if (random.nextInt(8) == 0) {
            headers.put("X-Workspace-Id", random.nextBoolean() ? DemoWorkspace.ID : text(40));
        }
        if (random.nextInt(40) == 0) {
            headers.put("X-Big", "a".repeat(9_000 + random.nextInt(3_000)));
        }
        boolean framingBroken = false;
        int framing = random.nextInt(100);
        if (framing < 5) {
            headers.put("Transfer-Encoding", "chunked");
            body = chunked(body, framing < 2);
            framingBroken = framing < 2;
        } else if (framing < 7) {
            // A length that lies: longer than the body (the request ends early) or shorter (the rest is garbage).
            headers.put("Content-Length", Integer.toString(Math.max(0, body.length + random.nextInt(40) - 20)));
            framingBroken = true;
        } else if (framing < 8) {
            headers.put("Content-Length", pick(List.of("abc", "-1", "99999999999999999999", "1, 2")));
            framingBroken = true;
        }
        if (body.length > 60_000) {
            framingBroken = true; // refused with 413 before it is read: the rest may meet a closed socket
        }
        // A CR or LF in the target ends the request line early (an HTTP/0.9 request, answered without a status).
        framingBroken |= (path + query).indexOf('\r') >= 0 || (path + query).indexOf('\n') >= 0;
        return new Request(method, endpoint.template, path + query, headers, body, framingBroken, null);
    }

    /** Something that is hardly HTTP: a bad request line, a bad version, raw bytes, a missing Host. */
    private Request rawGarbage() {
        String head = switch (random.nextInt(7)) {
            case 0 -> pick(List.of("G@T", "GET /", "", "POST\t/chat", "get")) + " /chat HTTP/1.1\r\nHost: x\r\n\r\n";
            case 1 -> "GET /actuator/health HTTP/" + pick(List.of("2.5", "1.2", "0.9", "x", "11")) + "\r\nHost: x\r\n\r\n";
            case 2 -> "GET " + rawPath() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            case 3 -> new String(bytes(1 + random.nextInt(300)), StandardCharsets.ISO_8859_1) + "\r\n\r\n";
            case 4 -> "POST /ingress/messages HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
            case 5 -> "GET /actuator/health HTTP/1.1\r\nHost: x\r\nBad Header Name: v\r\nConnection: close\r\n\r\n";
            default -> "GET /actuator/health HTTP/1.1\r\nHost: x\r\nX-Obs: a\r\n folded\r\nConnection: close\r\n\r\n";
        };
        return new Request("RAW", "(raw)", "", Map.of(), new byte[0], true, head);
    }

    private void authorization(Endpoint endpoint, Map<String, String> headers) {
        int roll = random.nextInt(10);
        if (roll < 3) {
            return;
        }
        if (endpoint.admin && roll < 6) {
            headers.put("Authorization", "Bearer " + ADMIN_TOKEN);
            return;
        }
        headers.put("Authorization", switch (random.nextInt(7)) {
            case 0 -> "Bearer " + text(random.nextInt(80));
            case 1 -> "Bearer " + "k".repeat(4_000);
            case 2 -> "Bearer ";
            case 3 -> "Basic " + Base64.getEncoder().encodeToString(bytes(20));
            case 4 -> "bearer " + ADMIN_TOKEN + "x";
            case 5 -> new String(("Bearer " + pick(ODD)).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            default -> "pk_live_" + Long.toHexString(random.nextLong());
        });
    }

    /** A signature that is Twilio's (over the public URL, with the body's parameters) one time in three. */
    private String twilioSignature(String pathAndQuery, byte[] body) {
        if (random.nextInt(3) != 0) {
            return random.nextBoolean() ? Base64.getEncoder().encodeToString(bytes(20)) : text(30);
        }
        Map<String, String> params = new TreeMap<>();
        try {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) {
            // Not form encoding: the gateway refuses it before the signature; any signature will do.
        }
        StringBuilder data = new StringBuilder(PUBLIC + pathAndQuery);
        params.forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every endpoint of the gateway, read from its controllers, with the method and body it expects. */
    private enum Endpoint {
        TWILIO_INBOUND("/webhook/pulpo/twilio/wa/inbound", "POST", "application/x-www-form-urlencoded", false),
        TWILIO_STATUS("/webhook/pulpo/twilio/status", "POST", "application/x-www-form-urlencoded", false),
        INGRESS("/ingress/messages", "POST", "application/json", false),
        DECIDE("/orchestrator/decide", "POST", "application/json", false),
        CHAT("/chat", "POST", "application/json", false),
        RELEASE("/conversations/{id}/release", "POST", null, true),
        FLAGS("/admin/flags", "PUT", "application/json", true),
        FLAGS_READ("/admin/flags", "GET", null, true),
        WORKSPACE("/admin/workspaces/{id}", "PUT", "application/json", true),
        WORKSPACE_READ("/admin/workspaces/{id}", "GET", null, true),
        WORKSPACES("/admin/workspaces", "GET", null, true),
        OUTBOUND_STATUS("/outbound/{id}/status", "GET", null, false),
        HEALTH("/actuator/health", "GET", null, false),
        PROMETHEUS("/actuator/prometheus", "GET", null, false),
        METRICS("/actuator/metrics/{id}", "GET", null, false),
        INFO("/actuator/info", "GET", null, false),
        ERROR("/error", "GET", null, false),
        UNKNOWN("/{id}", "GET", null, false);

        final String template;
        final String method;
        final String contentType;
        final boolean admin;

        Endpoint(String template, String method, String contentType, boolean admin) {
            this.template = template;
            this.method = method;
            this.contentType = contentType;
            this.admin = admin;
        }

        String path(GatewayFuzzTest fuzz) {
            if (!template.contains("{id}")) {
                return fuzz.random.nextInt(30) == 0 ? fuzz.rawPath() : template;
            }
            return template.replace("{id}", fuzz.pathSegment(this));
        }

        String query(GatewayFuzzTest fuzz) {
            if (this != TWILIO_STATUS) {
                return "";
            }
            return "?outbound_id=" + fuzz.encodedOrBroken("out-" + fuzz.random.nextInt(1000)) + "&conversation_id="
                    + fuzz.encodedOrBroken(fuzz.random.nextBoolean() ? DemoWorkspace.ID + ":" + fuzz.phone()
                    : fuzz.text(30));
        }

        byte[] body(GatewayFuzzTest fuzz) {
            return switch (this) {
                case TWILIO_INBOUND -> fuzz.form(fuzz.twilioMessage());
                case TWILIO_STATUS -> fuzz.form(fuzz.twilioStatus());
                case INGRESS -> fuzz.jsonBody(fuzz.ingressMessage());
                case DECIDE -> fuzz.jsonBody(fuzz.decideRequest());
                case CHAT -> fuzz.jsonBody(fuzz.chatRequest());
                case FLAGS -> fuzz.jsonBody(fuzz.flags());
                case WORKSPACE -> fuzz.jsonBody(fuzz.workspace());
                default -> fuzz.random.nextInt(4) == 0 ? fuzz.anyBody() : new byte[0];
            };
        }
    }

    private String pathSegment(Endpoint endpoint) {
        return switch (random.nextInt(6)) {
            case 0 -> endpoint == Endpoint.RELEASE ? DemoWorkspace.ID + ":%2B" + phone().substring(1) : "out-1";
            case 1 -> DemoWorkspace.ID;
            case 2 -> encode(text(1 + random.nextInt(60)));
            case 3 -> encode(pick(ODD));
            case 4 -> endpoint == Endpoint.METRICS ? pick(List.of("jvm.memory.used", "http.server.requests"))
                    : "x".repeat(random.nextInt(200));
            default -> brokenEncoding(text(10));
        };
    }

    /** A path no client would send: bad escapes, encoded slashes and NULs, raw bytes, very long. */
    private String rawPath() {
        return switch (random.nextInt(6)) {
            case 0 -> "/chat%zz";
            case 1 -> "/outbound/%2F%00/status";
            case 2 -> "/" + new String(pick(ODD).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            case 3 -> "/" + "a".repeat(9_000);
            case 4 -> "/admin/../chat";
            default -> "/ingress/messages;jsessionid=x%";
        };
    }

    private String query() {
        StringBuilder query = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            query.append(encodedOrBroken(text(8))).append('=').append(encodedOrBroken(text(20))).append('&');
        }
        return query.toString();
    }

    // Bodies

    private Map<String, Object> ingressMessage() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("workspace_id", workspaceId());
        message.put("user_phone", phone());
        message.put("text", messageText());
        optional(message, "message_id", () -> messageId());
        optional(message, "channel", () -> pick(List.of("n8n", "twilio", "api", "chat", "telegram", "")));
        optional(message, "reply_via", () -> pick(List.of("none", "twilio", "sms")));
        optional(message, "profile_name", () -> random.nextBoolean() ? pick(ODD) : text(random.nextInt(140)));
        optional(message, "business_phone", () -> random.nextBoolean() ? SALON : text(12));
        return message;
    }

    private Map<String, Object> decideRequest() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("user_phone", phone());
        request.put("text", messageText());
        optional(request, "message_id", () -> messageId());
        optional(request, "workspace_id", () -> workspaceId());
        optional(request, "channel", () -> pick(List.of("api", "chat", "twilio", "fax")));
        return request;
    }

    private Map<String, Object> chatRequest() {
        Map<String, Object> request = new LinkedHashMap<>();
        optional(request, "workspace_id", () -> workspaceId());
        request.put("user", phone());
        request.put("text", messageText());
        return request;
    }

    private Map<String, Object> flags() {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("scope", random.nextBoolean() ? "global" : workspaceId());
        optional(flags, "enable_slm_pipeline", () -> pick(List.of(true, false, "yes", 1)));
        optional(flags, "slm_canary_percent", () -> pick(List.of(0, 10, 100, 101, -1, 3.5, "10")));
        return flags;
    }

    private Map<String, Object> workspace() {
        Map<String, Object> workspace = new LinkedHashMap<>();
        workspace.put("workspace_id", text(20));
        optional(workspace, "name", () -> pick(ODD));
        optional(workspace, "timezone", () -> pick(List.of("America/Argentina/Buenos_Aires", "Mars/Olympus", "")));
        optional(workspace, "phone_numbers", () -> List.of(phone()));
        return workspace;
    }

    private Map<String, String> twilioMessage() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", random.nextInt(10) == 0 ? "SM" + "0".repeat(random.nextInt(200)) : messageId());
        form.put("From", "whatsapp:" + phone());
        form.put("To", "whatsapp:" + (random.nextInt(8) == 0 ? phone() : SALON));
        form.put("Body", messageText());
        if (random.nextBoolean()) {
            form.put("ProfileName", random.nextBoolean() ? pick(ODD) : text(random.nextInt(150)));
        }
        if (random.nextInt(5) == 0) {
            form.put("NumMedia", pick(List.of("0", "1", "11", "-1", "x", "99999999999")));
            form.put("MediaUrl0", "https://api.twilio.com/m/" + random.nextInt(100));
        }
        return form;
    }

    private Map<String, String> twilioStatus() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", messageId());
        form.put("MessageStatus", pick(List.of("sent", "delivered", "read", "failed", "accepted", "bogus", "")));
        if (random.nextBoolean()) {
            form.put("ErrorCode", text(6));
        }
        return form;
    }

    /** A JSON body: the request as sent, or with a field's value of another type, or broken, or not JSON at all. */
    private byte[] jsonBody(Map<String, Object> request) {
        int roll = random.nextInt(100);
        if (roll < 8) {
            return anyBody();
        }
        if (roll < 40) {
            List<String> keys = new ArrayList<>(request.keySet());
            if (!keys.isEmpty()) {
                String key = pick(keys);
                switch (random.nextInt(5)) {
                    case 0 -> request.remove(key);
                    case 1 -> request.put(key, pick(List.of(42, -1.5e300, true, List.of("a"), Map.of("x", 1))));
                    case 2 -> request.put(key, null);
                    case 3 -> request.put(key, "x".repeat(5_000 + random.nextInt(70_000)));
                    default -> request.put(text(10), pick(ODD));
                }
            }
        }
        byte[] body = json.writeValueAsBytes(request);
        if (roll >= 40 && roll < 60) {
            return mutate(body);
        }
        if (roll >= 60 && roll < 65) {
            // JSON escapes no client library would write: lone surrogates, NUL, deep nesting, a duplicate key
            String text = new String(body, StandardCharsets.UTF_8);
            return (switch (random.nextInt(4)) {
                case 0 -> text.replaceFirst("\"text\":\"", "\"text\":\"\\\\ud800");
                case 1 -> text.replaceFirst("\"user_phone\":\"", "\"user_phone\":\"\\\\u0000");
                case 2 -> "[".repeat(5_000) + "]".repeat(5_000);
                default -> text.replaceFirst("\\{", "{\"text\":\"a\",");
            }).getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }

    /** A form body: as encoded by a client, or with broken escapes and separators, or not a form at all. */
    private byte[] form(Map<String, String> params) {
        int roll = random.nextInt(100);
        if (roll < 8) {
            return anyBody();
        }
        StringBuilder form = new StringBuilder();
        params.forEach((name, value) -> form.append(encode(name)).append('=')
                .append(roll < 30 ? encodedOrBroken(value) : encode(value)).append('&'));
        byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
        return roll >= 30 && roll < 45 ? mutate(body) : body;
    }

    private byte[] anyBody() {
        return switch (random.nextInt(6)) {
            case 0 -> bytes(random.nextInt(2_000));
            case 1 -> bytes(60_000 + random.nextInt(20_000));
            case 2 -> pick(List.of("{", "}", "null", "[]", "\"x\"", "{\"a\":", "%%%", "&=&=", "a=%zz&b=%E0%A4"))
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> pick(ODD).getBytes(StandardCharsets.UTF_16);
            case 4 -> "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            default -> new byte[0];
        };
    }

    /** Flips, drops or inserts a few bytes. */
    private byte[] mutate(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < body.length; i++) {
            if (edits > 0 && random.nextInt(Math.max(1, body.length / edits)) == 0) {
                edits--;
                switch (random.nextInt(3)) {
                    case 0 -> out.write(random.nextInt(256));
                    case 1 -> {
                        out.write(random.nextInt(256));
                        out.write(body[i]);
                    }
                    default -> { /* dropped */ }
                }
            } else {
                out.write(body[i]);
            }
        }
        return out.toByteArray();
    }

    private byte[] chunked(byte[] body, boolean broken) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String size = broken ? pick(List.of("zz", "-1", "fffffffffffffffff", "")) : Integer.toHexString(body.length);
        out.writeBytes((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    // Values

    /** Strange but possible text: right-to-left, zero-width, emoji, NUL, combining marks, lone surrogates. */
    private static final List<String> ODD = List.of("\u202Eevil\u202C", "\u200B\u200C\u200D\uFEFF", "\uD83D\uDE00\uD83D\uDC68\u200D\uD83D\uDC69",
            "a\u0000b", "e\u0301\u0301\u0301", "\uD800", "x\uDC00y", "\u0645\u0631\u062D\u0628\u0627", "\r\n\u2028\u2029\u0085",
            "<script>alert(1)</script>", "'; DROP TABLE x; --", "${jndi:ldap://x}", "%s%n%x", "\uFFFF\uFFFE", "");

    private String messageText() {
        return switch (random.nextInt(8)) {
            case 0 -> pick(ODD);
            case 1 -> "\uD83D\uDE00".repeat(4_090 + random.nextInt(10));
            case 2 -> "e\u0301".repeat(4_090 + random.nextInt(10));
            case 3 -> text(random.nextInt(5_000));
            default -> pick(List.of("hola", "¿tienen turno mañana a las 10?", "quiero cancelar", "precio del corte"));
        };
    }

    private String messageId() {
        return switch (random.nextInt(6)) {
            case 0 -> "m".repeat(120 + random.nextInt(20));
            case 1 -> pick(ODD);
            default -> "SM" + Long.toHexString(random.nextLong());
        };
    }

    private String workspaceId() {
        return random.nextInt(4) == 0 ? text(random.nextInt(50)) : DemoWorkspace.ID;
    }

    /** A few customers, so the per-customer limits are met, and numbers that are not numbers. */
    private String phone() {
        return switch (random.nextInt(10)) {
            case 0 -> text(12);
            case 1 -> "+54911" + random.nextInt(10_000_000);
            default -> "+549115555" + String.format(Locale.ROOT, "%04d", random.nextInt(5));
        };
    }

    private void optional(Map<String, Object> map, String key, Supplier<Object> value) {
        if (random.nextBoolean()) {
            map.put(key, value.get());
        }
    }

    /** Random characters from every plane: ASCII, Latin, controls, CJK, emoji, and now and then a lone surrogate. */
    private String text(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 5) {
                text.append((char) (0x20 + random.nextInt(0x5F)));
            } else if (kind < 6) {
                text.append((char) random.nextInt(0x20));
            } else if (kind < 8) {
                text.append((char) (0xA0 + random.nextInt(0x2000)));
            } else if (kind < 9) {
                text.appendCodePoint(0x1F300 + random.nextInt(0x300));
            } else {
                text.append((char) (0xD800 + random.nextInt(0x800)));
            }
        }
        return text.toString();
    }

    private String encodedOrBroken(String value) {
        return random.nextInt(4) == 0 ? brokenEncoding(value) : encode(value);
    }

    private String brokenEncoding(String value) {
        return encode(value) + pick(List.of("%zz", "%", "%E0%A4", "%C0%AF", "%ED%A0%80", "%2", "+%+"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
            "PROPFIND", "CONNECT", "FOO"};
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/json; charset=bogus", "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=ISO-8859-1", "text/plain", "text/xml", "application/xml",
            "multipart/form-data", "multipart/form-data; boundary=x", "application/octet-stream", "*/*", ";;;/",
            "application/vnd.api+json", "image/png", "application/yaml");
    private static final List<String> ACCEPTS = List.of("text/html", "application/xml", "*/*", "application/json",
            "image/png", ";;;", "text/html;q=0.9, */*;q=0.1");
}
