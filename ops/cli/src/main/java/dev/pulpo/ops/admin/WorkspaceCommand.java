package dev.pulpo.ops.admin;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.admin.WorkspaceValidator;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.serde.EventMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;

/**
 * {@code ./pulpo workspace put FILE | get ID | list}: workspaces as data, straight on the compacted
 * {@code workspaces} topic that every service follows, so a business is added while the system runs. {@code put}
 * validates exactly as the gateway's {@code PUT /admin/workspaces/{id}} does (same {@link WorkspaceValidator}).
 */
@Command(name = "workspace", mixinStandardHelpOptions = true,
        description = "Add, change, show and list workspaces (businesses) on the workspaces topic.",
        subcommands = {WorkspaceCommand.Put.class, WorkspaceCommand.Get.class, WorkspaceCommand.ListAll.class})
public final class WorkspaceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where Kafka is; every subcommand takes it. */
    static class KafkaOption {
        @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
                description = "Kafka (default: KAFKA_BOOTSTRAP_SERVERS, else ${DEFAULT-VALUE}).")
        String bootstrapServers;
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = {"Validate a workspace JSON file and publish it to workspaces.",
                    "Exit codes: 0 published; 1 invalid (every error printed); 2 unreadable file; 3 Kafka failed."})
    static final class Put implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        KafkaOption kafka = new KafkaOption();

        @Parameters(paramLabel = "FILE", description = "The workspace, as JSON (snake_case, like demo-salon.json).")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String json;
            try {
                json = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("cannot read " + file + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
            KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers);
            try {
                Map<String, Workspace> existing = topics.latest(Topics.WORKSPACES);
                WorkspaceValidator.Result result = new WorkspaceValidator().validate(json, null, existing.values());
                if (!result.valid()) {
                    err.println("invalid workspace " + file + ": " + result.errors().size()
                            + (result.errors().size() == 1 ? " error" : " errors"));
                    result.errors().forEach(error -> err.println("  - " + error));
                    return ExitCodes.INVALID;
                }
                Workspace workspace = result.workspace();
                topics.publish(Topics.WORKSPACES, workspace.workspaceId(), workspace);
                out.println("published workspace " + workspace.workspaceId());
                return ExitCodes.OK;
            } catch (KafkaTopics.UnavailableException e) {
                err.println(e.getMessage());
                return ExitCodes.KAFKA;
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a workspace as JSON.")
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        KafkaOption kafka = new KafkaOption();

        @Parameters(paramLabel = "ID", description = "The workspace id.")
        String id;

        @Override
        public Integer call() {
            try {
                Workspace workspace = new KafkaTopics(kafka.bootstrapServers).latest(Topics.WORKSPACES).get(id);
                if (workspace == null) {
                    spec.commandLine().getErr().println("unknown workspace " + id);
                    return ExitCodes.USAGE;
                }
                spec.commandLine().getOut().println(EventMapper.create().rebuild()
                        .enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(workspace));
                return ExitCodes.OK;
            } catch (KafkaTopics.UnavailableException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCodes.KAFKA;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the workspaces: id, name and WhatsApp numbers.")
    static final class ListAll implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        KafkaOption kafka = new KafkaOption();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                List<Workspace> all = new KafkaTopics(kafka.bootstrapServers).latest(Topics.WORKSPACES).values()
                        .stream().sorted(Comparator.comparing(Workspace::workspaceId)).toList();
                if (all.isEmpty()) {
                    out.println("no workspaces yet; add one with ./pulpo workspace put FILE");
                    return ExitCodes.OK;
                }
                int idWidth = Math.max(2, all.stream().mapToInt(w -> w.workspaceId().length()).max().orElse(2));
                int nameWidth = Math.max(4, all.stream().mapToInt(w -> w.name().length()).max().orElse(4));
                String format = "%-" + idWidth + "s  %-" + nameWidth + "s  %s%n";
                out.printf(format, "ID", "NAME", "NUMBERS");
                for (Workspace w : all) {
                    out.printf(format, w.workspaceId(), w.name(),
                            w.phoneNumbers().isEmpty() ? "-" : String.join(", ", w.phoneNumbers()));
                }
                return ExitCodes.OK;
            } catch (KafkaTopics.UnavailableException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCodes.KAFKA;
            }
        }
    }
}
