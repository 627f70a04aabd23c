package dev.pulpo.ops.replay;

import dev.pulpo.ops.launcher.LogSetup;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./pulpo replay}: plays golden conversations through the real topology on a fresh in-process broker
 * and scores them, or, with {@code --export}, turns a recorded conversation into a golden line.
 *
 * <p>Exit codes: 0 scored (and every {@code --min-*} met), 1 an accuracy under its {@code --min-*},
 * 2 a usage or input error (a bad file, a bad line, an unknown workspace, nothing to export), 3 the replay
 * itself failed (the broker or a service did not start).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnExecutionException = 3,
        description = {"Replay golden conversations (golden-format.md) through the real topology and score them.",
                "With --export, print a conversation recorded on a running broker as a golden line.",
                "Exit: 0 scored, 1 an accuracy under its --min-*, 2 bad input, 3 the replay failed."})
public final class ReplayCommand implements Callable<Integer> {
    static final int BELOW_THRESHOLD = 1;
    static final int BAD_INPUT = 2;
    private static final Duration TURN_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Golden JSON Lines files, e.g. ops/golden/*.jsonl.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--route", paramLabel = "ROUTE", defaultValue = "legacy", description = "legacy or slm_pipeline (default ${DEFAULT-VALUE}).")
    GoldenReplay.Route route;

    @Option(names = "--ollama", paramLabel = "URL",
            description = "Ollama for the slm_pipeline route (default: the orchestrator's OLLAMA_BASE_URL).")
    String ollamaUrl;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--min-intent-accuracy", paramLabel = "X", description = "Exit 1 when intent accuracy is under X.")
    Double minIntentAccuracy;

    @Option(names = "--min-slot-accuracy", paramLabel = "X", description = "Exit 1 when slot accuracy is under X.")
    Double minSlotAccuracy;

    @Option(names = "--min-action-accuracy", paramLabel = "X", description = "Exit 1 when action accuracy is under X.")
    Double minActionAccuracy;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16", description = "Conversations played at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--workspace", paramLabel = "FILE",
            description = "A workspace JSON the conversations name, besides the demo salon; repeatable.")
    List<Path> workspaceFiles = new ArrayList<>();

    @Option(names = "--keep", description = "Keep the broker's data and the services' logs, and say where.")
    boolean keep;

    @Option(names = "--export", paramLabel = "CONVERSATION_ID",
            description = "Export this recorded conversation ({workspace_id}:{user_phone}) as a golden line.")
    String export;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "With --export: the Kafka to read.")
    String bootstrapServers;

    @Option(names = "--out", paramLabel = "FILE", description = "With --export: write the line here, not to the terminal.")
    Path exportOut;

    @Override
    public Integer call() throws Exception {
        if (export != null) {
            return exportConversation();
        }
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give golden files to replay, or --export CONVERSATION_ID");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<GoldenConversation> conversations;
        Map<String, Workspace> workspaces;
        try {
            conversations = GoldenFiles.read(files);
            workspaces = workspaces(conversations);
        } catch (GoldenFormatException e) {
            err.println("replay: " + e.getMessage());
            return BAD_INPUT;
        }
        int turns = conversations.stream().mapToInt(c -> c.turns().size()).sum();
        out.printf(Locale.ROOT, "Replaying %d conversations (%d turns) on a fresh broker, route %s...%n",
                conversations.size(), turns, route);
        out.flush();

        long started = System.nanoTime();
        Path workDir = Files.createTempDirectory("pulpo-replay-");
        GoldenReplay.Run run;
        try {
            quietLogs(workDir.resolve("logs"));
            run = new GoldenReplay(new GoldenReplay.Settings(workDir, route, concurrency, TURN_TIMEOUT, ollamaUrl))
                    .play(conversations, workspaces);
        } finally {
            if (keep) {
                out.println("Kept the broker's data and the logs in " + workDir);
            } else {
                deleteRecursively(workDir);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        ReplayReport scored = Scorer.score(run.conversations(), route.name());
        ReportTable.print(scored, run.conversations(), out);
        out.printf(Locale.ROOT, "%nreplayed %d conversations (%d turns) in %.1f s (system start %.1f s, turns %.1f s)%n",
                conversations.size(), turns, seconds, run.startup().toMillis() / 1e3, run.playing().toMillis() / 1e3);
        if (!scored.route().equals(route.name())) {
            err.println("replay: asked for route " + route + ", but the decisions say " + scored.route());
        }
        if (report != null) {
            writeReport(scored, report);
            out.println("report: " + report);
        }
        return belowThresholds(scored, err) ? BELOW_THRESHOLD : 0;
    }

    private boolean belowThresholds(ReplayReport scored, PrintWriter err) {
        boolean below = false;
        below |= below("intent", scored.intentAccuracy(), minIntentAccuracy, err);
        below |= below("slot", scored.slotAccuracy(), minSlotAccuracy, err);
        below |= below("action", scored.actionAccuracy(), minActionAccuracy, err);
        return below;
    }

    private static boolean below(String name, double accuracy, Double minimum, PrintWriter err) {
        if (minimum != null && accuracy < minimum) {
            err.printf(Locale.ROOT, "replay: %s accuracy %.4f is under the minimum %.4f%n", name, accuracy, minimum);
            return true;
        }
        return false;
    }

    private Integer exportConversation() throws IOException {
        if (!files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--export takes no golden files");
        }
        if (bootstrapServers == null) {
            throw new ParameterException(spec.commandLine(), "--export needs --bootstrap-servers HOST:PORT");
        }
        LogSetup.configure("pulpo-export-logback.xml");
        ConversationExport.Exported exported;
        try {
            exported = new ConversationExport(bootstrapServers).export(export);
        } catch (IllegalArgumentException | SerializationException e) {
            spec.commandLine().getErr().println("replay --export: " + e.getMessage());
            return BAD_INPUT;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            spec.commandLine().getErr().println("replay --export: no answer from Kafka at " + bootstrapServers);
            return BAD_INPUT;
        }
        if (exported.undecided() > 0) {
            spec.commandLine().getErr().println("replay --export: left out " + exported.undecided()
                    + " message(s) without a final decision");
        }
        String line = GoldenFiles.toLine(exported.conversation());
        if (exportOut != null) {
            Files.writeString(exportOut, line + System.lineSeparator(), StandardCharsets.UTF_8);
        } else {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }

    /** The demo salon, plus every --workspace file; each conversation's workspace must be among them. */
    private Map<String, Workspace> workspaces(List<GoldenConversation> conversations) throws GoldenFormatException {
        Map<String, Workspace> known = new LinkedHashMap<>();
        known.put(DemoWorkspace.ID, DemoWorkspace.load());
        for (Path file : workspaceFiles) {
            try {
                Workspace workspace = Topics.WORKSPACES.valueSerde().deserialize(Topics.WORKSPACES.name(),
                        Files.readAllBytes(file));
                known.put(workspace.workspaceId(), workspace);
            } catch (IOException | SerializationException e) {
                throw new GoldenFormatException("cannot read workspace " + file + ": " + e.getMessage());
            }
        }
        for (GoldenConversation conversation : conversations) {
            if (!known.containsKey(conversation.workspaceId())) {
                throw new GoldenFormatException(conversation.id() + " names workspace " + conversation.workspaceId()
                        + ": neither the demo salon nor one given with --workspace FILE");
            }
        }
        return known;
    }

    /** The services log to a file in the work directory; the terminal gets warnings only. */
    private static void quietLogs(Path logs) throws IOException {
        Files.createDirectories(logs);
        System.setProperty("PULPO_LOG_DIR", logs.toString());
        LogSetup.configure("pulpo-replay-logback.xml");
    }

    private static final JsonMapper REPORT_JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static void writeReport(ReplayReport scored, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, REPORT_JSON.writeValueAsString(scored) + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
