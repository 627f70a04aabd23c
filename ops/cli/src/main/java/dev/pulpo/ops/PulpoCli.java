package dev.pulpo.ops;

import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.ops.chat.TerminalChat;
import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.ops.launcher.LogSetup;
import dev.pulpo.schemas.DemoWorkspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pulpo}: run the system, its broker, or a chat against it. */
@Command(name = "pulpo", mixinStandardHelpOptions = true, version = "pulpo 0.1.0",
        description = "Pulpo, the WhatsApp assistant for small businesses, on Kafka Streams.",
        subcommands = {PulpoCli.Up.class, PulpoCli.Kafka.class, PulpoCli.Chat.class, dev.pulpo.ops.replay.ReplayCommand.class, dev.pulpo.ops.admin.WorkspaceCommand.class, dev.pulpo.ops.admin.FlagsCommand.class, dev.pulpo.ops.admin.KeysCommand.class})
public final class PulpoCli implements Runnable {
    /**
     * How long Ctrl-C or a TERM waits for a clean stop. Past it the JVM exits anyway: a broker or a service
     * still starting must not keep the terminal, or a CI job, waiting; Kafka recovers its log at the next start.
     */
    private static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(20);

    private static void closeWithin(AutoCloseable resource, java.time.Duration grace) {
        Thread closer = Thread.ofPlatform().name("pulpo-close").daemon(true).start(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("Stopping failed: " + e);
            }
        });
        try {
            if (!closer.join(grace)) {
                System.err.println("Stopping took longer than " + grace.toSeconds() + " s; exiting anyway.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /** What {@code ./pulpo up} relaxes on a laptop, unless PULPO_API_KEYS_REQUIRED says otherwise. */
    static Map<String, String> access(String keysRequired) {
        if (keysRequired != null && keysRequired.strip().equalsIgnoreCase("true")) {
            return Map.of("PULPO_API_KEYS_REQUIRED", "true", "PULPO_DRY_RUN_REPLIES", "true", "server.address", "0.0.0.0");
        }
        return AllInOne.ON_THIS_MACHINE;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PulpoCli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "up", description = "Start Kafka, the four services and the demo workspace in this JVM, then chat.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--data", defaultValue = ".pulpo", description = "Where data and logs live (default ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--fresh", description = "Start from empty: delete the data of earlier runs first.")
        boolean fresh;

        @Option(names = "--kafka-port", defaultValue = "9092", description = "The in-process broker's port.")
        int kafkaPort;

        @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of starting one.")
        String bootstrapServers;

        @Option(names = "--port", defaultValue = "8000", description = "The gateway's port; the other services take the next three.")
        int port;

        @Option(names = "--no-chat", description = "Only serve, even with a terminal.")
        boolean noChat;

        @Override
        public Integer call() throws Exception {
            if (fresh) {
                deleteRecursively(data);
            }
            Path logs = data.resolve("logs").toAbsolutePath();
            Files.createDirectories(logs);
            System.setProperty("PULPO_LOG_DIR", logs.toString());
            LogSetup.configure("pulpo-up-logback.xml");
            System.out.println("Starting Pulpo: Kafka, orchestrator-stream, tool-executor, outbound-sender, ingress-gateway...");
            Map<String, String> access = access(System.getenv("PULPO_API_KEYS_REQUIRED"));
            System.out.println(access.get("PULPO_API_KEYS_REQUIRED").equals("true")
                    ? "API keys: required (PULPO_API_KEYS_REQUIRED=true); the gateway listens on every interface."
                    : "API keys: not required, so every service listens on 127.0.0.1 only; "
                            + "PULPO_API_KEYS_REQUIRED=true requires them (./pulpo keys create).");
            AllInOne system = new AllInOne(new AllInOne.Settings(data, kafkaPort, bootstrapServers, port, access));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("\nStopping Pulpo...");
                closeWithin(system, SHUTDOWN_GRACE);
                stopped.countDown();
            }, "pulpo-shutdown"));
            system.start();
            System.out.println("Kafka:   " + system.bootstrapServers());
            System.out.println("Gateway: " + system.gatewayUrl() + "  (POST /chat, POST /orchestrator/decide)");
            System.out.println("Logs:    " + logs);
            if (System.console() != null && !noChat) {
                new TerminalChat(system.gatewayUrl(), DemoWorkspace.ID, "+5491100000000")
                        .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
                System.exit(0);
            }
            System.out.println("Serving; Ctrl-C stops.");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "kafka", description = "Start only the in-process Kafka broker, with the topics created.")
    static final class Kafka implements Callable<Integer> {
        @Option(names = "--data", defaultValue = ".pulpo", description = "Where the broker keeps its data.")
        Path data;

        @Option(names = "--fresh", description = "Start from empty.")
        boolean fresh;

        @Option(names = "--port", defaultValue = "9092", description = "The broker's port.")
        int port;

        @Override
        public Integer call() throws Exception {
            if (fresh) {
                deleteRecursively(data.resolve("kafka"));
            }
            LocalKafka kafka = new LocalKafka(data.resolve("kafka"), port).start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeWithin(kafka, SHUTDOWN_GRACE);
                stopped.countDown();
            }, "pulpo-shutdown"));
            System.out.println("Kafka (KRaft) on " + kafka.bootstrapServers() + ", topics created. Ctrl-C stops.");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "chat", description = "Chat in the terminal with a running gateway.")
    static final class Chat implements Callable<Integer> {
        @Option(names = "--url", defaultValue = "http://localhost:8000", description = "The gateway (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--workspace", defaultValue = DemoWorkspace.ID, description = "The workspace to talk to.")
        String workspace;

        @Option(names = "--user", defaultValue = "+5491100000000", description = "Your phone number, E.164.")
        String user;

        @Override
        public Integer call() throws IOException {
            new TerminalChat(url, workspace, user)
                    .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
            return 0;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
