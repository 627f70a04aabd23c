package dev.pulpo.bench;

import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.ops.launcher.LogSetup;
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
 * questions ("cuál es el horario?") from many conversations, each crossing the three hops of a tool call.
 * </ol>
 * Each case: one first message (the first transactions of a fresh application are slow), a warm-up at the
 * steady rate (discarded), the measured messages at the steady rate (latency = send to committed answer
 * read), then an unthrottled burst for throughput. Prints a table and writes the figures as JSON.
 */
public final class TurnLatencyBench {
    private static final Set<String> OPTIONS = Set.of("messages", "warmup", "rate", "conversations", "burst",
            "turn-burst", "chain", "turn-commit-intervals", "text", "partitions", "answer-timeout-s", "out");

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
                                        [--out FILE]
                  --chain none / --turn-commit-intervals none skip that part;
                  --burst 0 / --turn-burst 0 skip the chains' / the turn's unthrottled burst.""";
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
        String text = args.text("text", "cuál es el horario?");
        List<ChainPipeline.Spec> chains = args.list("chain", "eos:100,eos:20,alos:20").stream()
                .filter(s -> !s.equals("none")).map(ChainPipeline.Spec::parse).toList();
        List<Integer> turnIntervals = args.list("turn-commit-intervals", "20").stream()
                .filter(s -> !s.equals("none")).map(Integer::parseInt).toList();
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
                + " bursts %d (chains) and %d (turn)%n", Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Machine.loadAverage(), messages, rate, warmup, burst, turnBurst);
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
                try (TurnPipeline turn = new TurnPipeline(interval, bootstrap, work.resolve("turn-" + interval),
                        conversations, text, Map.of(), phases)) {
                    Map<String, Object> c = measure(turn, phases, messages, warmup, rate, turnBurst, answerTimeoutMs);
                    c.put("kind", "turn");
                    c.put("processing_guarantee", "exactly_once_v2");
                    c.put("commit_interval_ms", interval);
                    c.put("checks", turn.checks());
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
        return allAnswered ? 0 : 1;
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
