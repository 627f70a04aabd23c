package dev.pulpo.bench;

import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.ops.launcher.LogSetup;
import dev.pulpo.orchestrator.slm.SlmSettings;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A turn's latency, and what the exactly-once hops alone cost, in the same run on one fresh broker:
 * <ol>
 * <li>a trivial chain of three Kafka Streams hops per {@code --chain} case (default exactly_once_v2 at
 * commit.interval.ms 100 and 20, and at-least-once at 20 for comparison);
 * <li>the real turn: the four services (AllInOne) at each {@code --turn-commit-intervals} value, with hours
 * questions ("cuál es el horario?") from many conversations, each crossing the three hops of a tool call;
 * <li>optionally, the same turn on the SLM route, per {@code --slm-model-delays-ms} value: the models are a local
 * server speaking Ollama's {@code /api/chat} ({@link FixedDelayOllama}) that answers each of the turn's three calls
 * (extract, plan, NLG) after that fixed delay, each answer coming back through {@code model-replies}.
 * </ol>
 * Each case: one first message (the first transactions of a fresh application are slow), a warm-up at the
 * steady rate (discarded), the measured messages at the steady rate (latency = send to committed answer
 * read), then an unthrottled burst for throughput. Prints a table and writes the figures as JSON.
 */
public final class TurnLatencyBench {
    private static final Set<String> OPTIONS = Set.of("messages", "warmup", "rate", "conversations", "burst",
            "turn-burst", "chain", "turn-commit-intervals", "text", "partitions", "answer-timeout-s", "out",
            "slm-model-delays-ms", "slm-burst", "slm-max-concurrent-calls");
    static final String HOURS_QUESTION = "cuál es el horario?";
    /** Generous, so an SLM case measures latency, not timeouts: a fallback would fail the case's checks. */
    static final String SLM_MODEL_TIMEOUT = "5s";

    private TurnLatencyBench() {
    }

    public static void main(String[] argv) throws Exception {
        if (Args.wantsHelp(argv)) {
            System.out.println(usage());
            return;
        }
        Args args;
        try {
            args = new Args(argv, OPTIONS);
            slmModelDelays(args);
        } catch (IllegalArgumentException e) {
            System.err.println("turn-latency: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        LogSetup.configure("pulpo-bench-logback.xml");
        int exit = new TurnLatencyBench().run(args);
        System.exit(exit);
    }

    static String usage() {
        return """
                usage: TurnLatencyBench [--messages 1000] [--warmup 200] [--rate 50] [--conversations 100]
                                        [--burst 5000] [--turn-burst 1000] [--chain eos:100,eos:20,alos:20]
                                        [--turn-commit-intervals 20]
                                        [--text "cuál es el horario?"] [--partitions 3] [--answer-timeout-s 60]
                                        [--slm-model-delays-ms none] [--slm-burst 200]
                                        [--slm-max-concurrent-calls 64] [--out FILE]
                  --chain none / --turn-commit-intervals none skip that part;
                  --burst 0 / --turn-burst 0 / --slm-burst 0 skip the chains' / the turn's / the SLM turn's burst;
                  --slm-model-delays-ms 0,100 adds the turn on the SLM route, once per value, with models (a local
                    Ollama stand-in) answering each of the turn's three calls after that many ms; it runs at the
                    first --turn-commit-intervals value (20 if none), SLM_MAX_CONCURRENT_CALLS at
                    --slm-max-concurrent-calls.""";
    }

    /** The SLM cases' model delays: {@code none} (the default) or a list of milliseconds, each 0 or more. */
    static List<Integer> slmModelDelays(Args args) {
        List<Integer> delays = new ArrayList<>();
        for (String item : args.list("slm-model-delays-ms", "none")) {
            if (item.equals("none")) {
                continue;
            }
            int delay = Integer.parseInt(item.replace("_", "").replaceFirst("ms$", ""));
            if (delay < 0) {
                throw new IllegalArgumentException("--slm-model-delays-ms takes delays of 0 ms or more, not " + item);
            }
            delays.add(delay);
        }
        return delays;
    }

    /** The case's name in the table: the model delay first, so the SLM cases stand out next to the legacy turn. */
    static String slmCaseName(int delayMs, int commitIntervalMs) {
        return "turn slm delay=" + delayMs + "ms commit " + commitIntervalMs + " ms";
    }

    /** What switches every turn of the four services to the SLM route, with models at {@code baseUrl}. */
    static Map<String, String> slmProperties(String baseUrl, int maxConcurrentCalls) {
        Map<String, String> properties = new LinkedHashMap<>();
        // Enabled with canary 0: every conversation on the SLM route (the integration guide's meaning).
        properties.put("pulpo.orchestrator.enable-slm-pipeline", "true");
        properties.put("pulpo.orchestrator.slm-canary-percent", "0");
        properties.put("pulpo.slm.base-url", baseUrl);
        properties.put("pulpo.slm.extractor-timeout", SLM_MODEL_TIMEOUT);
        properties.put("pulpo.slm.planner-timeout", SLM_MODEL_TIMEOUT);
        properties.put("pulpo.slm.response-timeout", SLM_MODEL_TIMEOUT);
        properties.put("pulpo.slm.max-concurrent-calls", String.valueOf(maxConcurrentCalls));
        return properties;
    }

    private int run(Args args) throws Exception {
        LocalDateTime startedAt = LocalDateTime.now();
        int messages = args.integer("messages", 1_000);
        int warmup = args.integer("warmup", 200);
        double rate = args.decimal("rate", 50);
        int conversations = args.integer("conversations", 100);
        int burst = args.integer("burst", 5_000);
        int turnBurst = args.integer("turn-burst", 1_000);
        int partitions = args.integer("partitions", Topics.CONVERSATION_PARTITIONS);
        long answerTimeoutMs = args.integer("answer-timeout-s", 60) * 1_000L;
        String text = args.text("text", HOURS_QUESTION);
        List<ChainPipeline.Spec> chains = args.list("chain", "eos:100,eos:20,alos:20").stream()
                .filter(s -> !s.equals("none")).map(ChainPipeline.Spec::parse).toList();
        List<Integer> turnIntervals = args.list("turn-commit-intervals", "20").stream()
                .filter(s -> !s.equals("none")).map(Integer::parseInt).toList();
        List<Integer> slmDelays = slmModelDelays(args);
        int slmBurst = args.integer("slm-burst", 200);
        int slmMaxCalls = args.integer("slm-max-concurrent-calls", 64);
        int slmInterval = turnIntervals.isEmpty() ? 20 : turnIntervals.getFirst();
        Path out = ResultsFile.choose(args.text("out", null), "turn-latency", startedAt);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("messages", messages);
        settings.put("warmup", warmup);
        settings.put("rate_per_s", rate);
        settings.put("conversations", conversations);
        settings.put("chain_burst", burst);
        settings.put("turn_burst", turnBurst);
        settings.put("partitions", partitions);
        settings.put("chain_cases", chains.stream().map(ChainPipeline.Spec::tag).toList());
        settings.put("turn_commit_intervals_ms", turnIntervals);
        settings.put("turn_text", text);
        if (!slmDelays.isEmpty()) {
            settings.put("slm_model_delays_ms", slmDelays);
            settings.put("slm_burst", slmBurst);
            settings.put("slm_commit_interval_ms", slmInterval);
            settings.put("slm_max_concurrent_calls", slmMaxCalls);
            settings.put("slm_model_timeouts", SLM_MODEL_TIMEOUT);
            settings.put("slm_models", "local Ollama /api/chat stand-in (FixedDelayOllama): extract info_hours, plan"
                    + " get_business_hours, NLG the template behind \"" + FixedDelayOllama.WORDED_PREFIX.strip()
                    + "\", each after the case's delay");
        }
        settings.put("answer_timeout_s", answerTimeoutMs / 1000);
        settings.put("broker", "in-process KRaft (ops/kafka-local), one node, fresh data dir");
        settings.put("latency", "send (producer.send called) to the answer read by a read_committed consumer");

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", "turn-latency");
        results.put("started_at", OffsetDateTime.now().toString());
        Map<String, Object> machine = Machine.describe();
        results.put("machine", machine);
        results.put("settings", settings);
        List<Map<String, Object>> cases = new ArrayList<>();
        results.put("cases", cases);

        System.out.printf("turn-latency: %d cores, Java %s, load %s; %d measured messages at %.0f/s after %d warm-up,"
                + " bursts %d (chains) and %d (turn)%s%n", Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Machine.loadAverage(), messages, rate, warmup, burst, turnBurst,
                slmDelays.isEmpty() ? "" : "; SLM route with model delays " + slmDelays + " ms, burst " + slmBurst);
        // A fresh broker and fresh state every run, kept out of /tmp (ops/bench/target when run from the root).
        Path base = Files.isDirectory(Path.of("ops", "bench", "target")) ? Path.of("ops", "bench", "target")
                : Path.of(System.getProperty("java.io.tmpdir"));
        Path work = Files.createTempDirectory(base.toAbsolutePath(), "turn-latency-work-");
        try (LocalKafka kafka = new LocalKafka(work.resolve("kafka"), 0).start()) {
            String bootstrap = kafka.bootstrapServers();
            publishDemoWorkspace(bootstrap);
            for (ChainPipeline.Spec spec : chains) {
                Phases phases = new Phases();
                try (ChainPipeline chain = new ChainPipeline(spec, bootstrap, work.resolve("chain-state"), partitions,
                        conversations, phases)) {
                    chain.awaitRunning(Duration.ofSeconds(90));
                    Map<String, Object> c = measure(chain, phases, messages, warmup, rate, burst, answerTimeoutMs);
                    c.put("kind", "chain");
                    c.put("processing_guarantee", spec.guarantee());
                    c.put("commit_interval_ms", spec.commitIntervalMs());
                    cases.add(c);
                }
            }
            for (int interval : turnIntervals) {
                Phases phases = new Phases();
                System.out.printf("  starting the four services (commit.interval.ms %d)...%n", interval);
                try (TurnPipeline turn = new TurnPipeline("turn (AllInOne) commit " + interval + " ms", interval,
                        bootstrap, work.resolve("turn-" + interval), conversations, text, Map.of(),
                        TurnChecks.Expected.legacy(text.equals(HOURS_QUESTION)), phases)) {
                    Map<String, Object> c = measure(turn, phases, messages, warmup, rate, turnBurst, answerTimeoutMs);
                    c.put("kind", "turn");
                    c.put("route", "legacy");
                    c.put("processing_guarantee", "exactly_once_v2");
                    c.put("commit_interval_ms", interval);
                    addChecks(c, turn);
                    cases.add(c);
                }
            }
            for (int delay : slmDelays) {
                Phases phases = new Phases();
                System.out.printf("  starting the four services on the SLM route (models answer after %d ms, "
                        + "commit.interval.ms %d)...%n", delay, slmInterval);
                SlmSettings defaults = SlmSettings.defaults();
                try (FixedDelayOllama models = new FixedDelayOllama(delay, Stream.of(defaults.extractorModel(),
                        defaults.plannerModel(), defaults.responseModel(), defaults.fallbackModel()).distinct().toList());
                        TurnPipeline turn = new TurnPipeline(slmCaseName(delay, slmInterval), slmInterval, bootstrap,
                                work.resolve("turn-slm-" + delay), conversations, text,
                                slmProperties(models.baseUrl(), slmMaxCalls), TurnChecks.Expected.slm(), phases)) {
                    Map<String, Object> c = measure(turn, phases, messages, warmup, rate, slmBurst, answerTimeoutMs);
                    c.put("kind", "turn");
                    c.put("route", "slm_pipeline");
                    c.put("processing_guarantee", "exactly_once_v2");
                    c.put("commit_interval_ms", slmInterval);
                    c.put("slm_model_delay_ms", delay);
                    c.put("slm_max_concurrent_calls", slmMaxCalls);
                    c.put("model_calls", models.callCounts());
                    addChecks(c, turn);
                    cases.add(c);
                }
            }
        } finally {
            deleteQuietly(work);
        }
        machine.put("load_average_at_end", Machine.loadAverage());
        results.put("finished_at", OffsetDateTime.now().toString());

        System.out.println();
        System.out.print(Table.turnLatency(cases));
        ResultsFile.write(out, results);
        System.out.println("figures written to " + out);
        boolean allAnswered = cases.stream().allMatch(c -> Table.missing(c) == 0);
        boolean checksHold = cases.stream().allMatch(c -> !(c.get("checks_failed") instanceof List<?> l) || l.isEmpty());
        return allAnswered && checksHold ? 0 : 1;
    }

    private static void addChecks(Map<String, Object> c, TurnPipeline turn) {
        c.put("steady_stages_p50_ms", turn.steadyStagesP50());
        c.put("checks", turn.checks().toJson());
        c.put("checks_failed", turn.checks().failures());
    }

    private static Map<String, Object> measure(Pipeline pipeline, Phases phases, int messages, int warmup, double rate,
            int burst, long answerTimeoutMs) throws InterruptedException {
        System.out.printf("  %s: first message...%n", pipeline.name());
        // A fresh application's first transactions (producer fencing, assignment) take seconds: not measured.
        Recorder first = new LoadRunner(phases, 120_000).steady(pipeline, "first", 1, rate);
        if (first.arrivedCount() == 0) {
            throw new IllegalStateException(pipeline.name() + " did not answer its first message within 120 s");
        }
        LoadRunner runner = new LoadRunner(phases, answerTimeoutMs);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", pipeline.name());
        c.put("first_message_ms", LatencyStats.round(first.latenciesNanos()[0] / 1e6));
        if (warmup > 0) {
            System.out.printf("  %s: warm-up, %d messages at %.0f/s...%n", pipeline.name(), warmup, rate);
            c.put("warmup", LoadRunner.summary(runner.steady(pipeline, "warmup", warmup, rate), rate));
        }
        System.out.printf("  %s: measuring %d messages at %.0f/s...%n", pipeline.name(), messages, rate);
        c.put("steady", LoadRunner.summary(runner.steady(pipeline, "steady", messages, rate), rate));
        if (burst > 0) {
            System.out.printf("  %s: burst of %d...%n", pipeline.name(), burst);
            c.put("burst", LoadRunner.summary(runner.burst(pipeline, "burst", burst), 0));
        }
        return c;
    }

    private static void publishDemoWorkspace(String bootstrap) {
        Workspace demo = DemoWorkspace.load();
        try (Producer<String, Workspace> producer = new KafkaProducer<>(Kafka.producerConfig(bootstrap, "bench-seed"),
                new StringSerializer(), Topics.WORKSPACES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.WORKSPACES.name(), demo.workspaceId(), demo));
            producer.flush();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A temp dir left behind is not worth failing the run for.
                }
            });
        } catch (IOException e) {
            // idem
        }
    }
}
