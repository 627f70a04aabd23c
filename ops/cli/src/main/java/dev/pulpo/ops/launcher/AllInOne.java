package dev.pulpo.ops.launcher;

import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.orchestrator.OrchestratorApplication;
import dev.pulpo.outbound.OutboundSenderApplication;
import dev.pulpo.tools.ToolExecutorApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The whole system in one JVM: an in-process Kafka broker (unless one is given) and the four services,
 * each a Spring application of its own with its own port, as they would run in separate processes.
 */
public final class AllInOne implements AutoCloseable {
    /**
     * How long a stream service may take to start. Generous: after a crash its start includes waiting out the
     * stopped run's transactions (up to PULPO_TOOL_TRANSACTION_TIMEOUT_MS, 60 s) and the rebalance after them.
     */
    private static final Duration START_WAIT = Duration.ofMinutes(5);
    /** Where the services listen when run together. */
    public static final int GATEWAY_PORT = 8000;
    /**
     * One machine's defaults, which extra properties override: API keys are not required, so the README's curl
     * works as written, and for that reason every service listens on this host only; replies through Twilio
     * are printed when Twilio is not set up.
     */
    public static final Map<String, String> ON_THIS_MACHINE = Map.of(
            "PULPO_API_KEYS_REQUIRED", "false",
            "PULPO_DRY_RUN_REPLIES", "true",
            "server.address", "127.0.0.1");

    private final Settings settings;
    private final List<ServiceHandle> services = new ArrayList<>();
    /** Services still starting; a close() meanwhile stops each as soon as it is up. */
    private final List<CompletableFuture<ServiceHandle>> starting = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private LocalKafka kafka;

    /**
     * @param dataDir          the broker's log and the services' state stores live under it
     * @param kafkaPort        the in-process broker's port (0: any free one)
     * @param bootstrapServers an existing Kafka to use instead of starting one, or null
     * @param basePort         the gateway's port; the other services take the next three (0: any free ports)
     */
    public record Settings(Path dataDir, int kafkaPort, String bootstrapServers, int basePort,
            Map<String, String> extraProperties) {
    }

    public AllInOne(Settings settings) {
        this.settings = settings;
    }

    public AllInOne start() throws InterruptedException {
        LogSetup.leaveLoggingToTheLauncher();
        String bootstrap = settings.bootstrapServers();
        if (bootstrap == null) {
            kafka = new LocalKafka(settings.dataDir().resolve("kafka"), settings.kafkaPort()).start();
            bootstrap = kafka.bootstrapServers();
        }
        Path state = settings.dataDir().resolve("state").toAbsolutePath();
        int base = settings.basePort();
        // The three stream processors start together; the gateway last, once they consume.
        List<CompletableFuture<ServiceHandle>> processors = List.of(
                startAsync("orchestrator-stream", OrchestratorApplication::builder, bootstrap, state, port(base, 1)),
                startAsync("tool-executor", ToolExecutorApplication::builder, bootstrap, state, port(base, 2)),
                startAsync("outbound-sender", OutboundSenderApplication::builder, bootstrap, state, port(base, 3)));
        starting.addAll(processors);
        for (CompletableFuture<ServiceHandle> processor : processors) {
            services.add(processor.join());
            starting.remove(processor);
        }
        if (closed) {
            throw new IllegalStateException("stopped while starting");
        }
        for (ServiceHandle service : List.copyOf(services)) {
            service.awaitRunning(START_WAIT);
        }
        services.add(start("ingress-gateway", GatewayApplication::builder, bootstrap, state, port(base, 0)));
        return this;
    }

    public String bootstrapServers() {
        return kafka != null ? kafka.bootstrapServers() : settings.bootstrapServers();
    }

    /** The gateway's base URL, e.g. {@code http://localhost:8000}. */
    public String gatewayUrl() {
        ServiceHandle gateway = services.getLast();
        String port = gateway.context().getEnvironment().getProperty("local.server.port");
        return "http://localhost:" + port;
    }

    /** A service's base URL by name ({@code orchestrator-stream}, ...), for its actuator. */
    public String serviceUrl(String name) {
        ServiceHandle service = services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
        return "http://localhost:" + service.context().getEnvironment().getProperty("local.server.port");
    }

    public List<ServiceHandle> services() {
        return List.copyOf(services);
    }

    private CompletableFuture<ServiceHandle> startAsync(String name, Supplier<SpringApplicationBuilder> builder,
            String bootstrap, Path state, int port) {
        CompletableFuture<ServiceHandle> started = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name("start-" + name).unstarted(() -> {
            try {
                started.complete(start(name, builder, bootstrap, state, port));
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        // Inside the runnable jar, classes come from the launcher's class loader, not the system one.
        thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        thread.start();
        return started;
    }

    private ServiceHandle start(String name, Supplier<SpringApplicationBuilder> builder, String bootstrap, Path state,
            int port) {
        Map<String, Object> props = new HashMap<>();
        props.put("spring.kafka.bootstrap-servers", bootstrap);
        props.put("server.port", String.valueOf(port));
        props.put("PULPO_STATE_DIR", state.toString());
        props.put("management.metrics.use-global-registry", "false");
        props.putAll(ON_THIS_MACHINE);
        props.putAll(settings.extraProperties());
        // First in line, above the services' own yml: the launcher decides where they connect and listen.
        ApplicationContextInitializer<ConfigurableApplicationContext> launcherSettings = context -> context
                .getEnvironment().getPropertySources().addFirst(new MapPropertySource("pulpo-launcher", props));
        // One shutdown for all, in order (gateway first, broker last), from close(). Set on the builder: the
        // spring.main.* property would be bound before the launcher's property source is added.
        return new ServiceHandle(name, builder.get().bannerMode(Banner.Mode.OFF).registerShutdownHook(false)
                .initializers(launcherSettings).run());
    }

    private static int port(int base, int offset) {
        return base == 0 ? 0 : base + offset;
    }

    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<ServiceHandle> pending : starting) {
            pending.thenAccept(ServiceHandle::stop);
        }
        for (ServiceHandle service : services.reversed()) {
            service.stop();
        }
        services.clear();
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
