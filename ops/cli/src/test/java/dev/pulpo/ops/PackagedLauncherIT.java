package dev.pulpo.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.ops.chat.TerminalChat;
import dev.pulpo.schemas.DemoWorkspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar that {@code ./pulpo up} starts, as a user starts it: a class path that tests see but the
 * jar lacks (a dependency left at test scope, a resource) shows here and nowhere else.
 */
class PackagedLauncherIT {
    private static final Pattern GATEWAY = Pattern.compile("Gateway: (http://localhost:\\d+)");

    @Test
    void theRunnableJarStartsEverythingAndAnswersAGreeting() throws Exception {
        Path jar = Path.of("target", "pulpo-cli.jar");
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process up = new ProcessBuilder(java, "-jar", jar.toString(), "up", "--no-chat", "--fresh",
                "--data", Path.of("target", "it-up").toString(), "--port", "0", "--kafka-port", "0")
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try {
            CompletableFuture<String> gateway = followOutput(up, output);
            String url = gateway.get(240, TimeUnit.SECONDS);

            String answer = new TerminalChat(url, DemoWorkspace.ID, "+5491100000077").send("hola");

            assertThat(answer).as(String.join("\n", output)).contains("¡Hola!").contains("intent=greeting");
            Path log = Path.of("target", "it-up", "logs", "orchestrator.log");
            assertThat(Files.readString(log)).contains("TELEMETRY route=legacy");

            // The integration guide's troubleshooting recipes, as written, on ./pulpo up's log
            assertThat(shell("grep \"TELEMETRY\" " + log + " | grep \"t_total_ms\" | sort -t= -k11 -n | tail -20"))
                    .contains("TELEMETRY route=legacy").contains("intent=greeting");
            assertThat(shell("grep \"confidence=\" " + log
                    + " | awk -F'confidence=' '{print $2}' | awk '{print $1}' | sort -n").strip())
                    .isEqualTo("0.95");
        } finally {
            up.destroy(); // SIGTERM: the launcher's shutdown hook stops the services, then the broker
            if (!up.waitFor(60, TimeUnit.SECONDS)) {
                up.destroyForcibly();
            }
        }
    }

    private static String shell(String pipeline) throws Exception {
        Process sh = new ProcessBuilder("bash", "-c", pipeline).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as(out).isZero();
        return out;
    }

    /**
     * Reads the launcher's output on a thread of its own, from the start to its end, so the process never blocks on
     * a full pipe and no line waits for a pool thread; completes with the gateway's URL once it is printed.
     */
    private static CompletableFuture<String> followOutput(Process process, List<String> output) {
        CompletableFuture<String> gateway = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("pulpo-up-output").start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher m = GATEWAY.matcher(line);
                    if (m.find()) {
                        gateway.complete(m.group(1));
                    }
                }
                gateway.completeExceptionally(new IllegalStateException(
                        "the launcher ended without a gateway:\n" + String.join("\n", output)));
            } catch (java.io.IOException e) {
                gateway.completeExceptionally(e);
            }
        });
        return gateway;
    }
}
