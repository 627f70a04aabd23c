package dev.pulpo.ops.admin;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.admin.FlagChange;
import dev.pulpo.schemas.event.FlagUpdate;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./pulpo flags get | set}: the run-time routing flags on the compacted {@code orchestrator-control} topic,
 * per scope ({@code global} or a workspace id). A flag a scope does not set comes from the broader scope, then
 * from the orchestrator's environment ({@code ENABLE_SLM_PIPELINE}, {@code SLM_CANARY_PERCENT}).
 */
@Command(name = "flags", mixinStandardHelpOptions = true,
        description = "Read and set the run-time flags (ENABLE_SLM_PIPELINE, SLM_CANARY_PERCENT) per scope.",
        subcommands = {FlagsCommand.Get.class, FlagsCommand.Set.class})
public final class FlagsCommand implements Runnable {
    static final String INHERIT = "inherit";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the flags of every scope that sets some.")
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceCommand.KafkaOption kafka = new WorkspaceCommand.KafkaOption();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                List<FlagUpdate> scopes = new KafkaTopics(kafka.bootstrapServers).latest(Topics.ORCHESTRATOR_CONTROL)
                        .values().stream()
                        .sorted(Comparator.comparing((FlagUpdate f) -> !FlagUpdate.GLOBAL.equals(f.scope()))
                                .thenComparing(FlagUpdate::scope))
                        .toList();
                if (scopes.isEmpty()) {
                    out.println("no run-time flags set: the orchestrator's environment applies "
                            + "(ENABLE_SLM_PIPELINE, SLM_CANARY_PERCENT)");
                }
                scopes.forEach(flags -> out.println(describe(flags)));
                return ExitCodes.OK;
            } catch (KafkaTopics.UnavailableException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCodes.KAFKA;
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change flags of one scope; flags not given keep their value, 'inherit' clears one.",
                    "Exit codes: 0 set; 2 a bad value or an unknown workspace; 3 Kafka failed."})
    static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceCommand.KafkaOption kafka = new WorkspaceCommand.KafkaOption();

        @Option(names = "--scope", defaultValue = FlagUpdate.GLOBAL,
                description = "global (default) or a workspace id.")
        String scope;

        @Option(names = "--slm", paramLabel = "true|false|inherit",
                description = "ENABLE_SLM_PIPELINE for the scope.")
        String slm;

        @Option(names = "--canary", paramLabel = "0-100|inherit",
                description = "SLM_CANARY_PERCENT for the scope.")
        String canary;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            FlagChange<Boolean> enable;
            FlagChange<Integer> percent;
            try {
                enable = slmChange(slm);
                percent = canaryChange(canary);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
            if (enable.kind() == FlagChange.Kind.KEEP && percent.kind() == FlagChange.Kind.KEEP) {
                err.println("nothing to change: give --slm and/or --canary");
                return ExitCodes.USAGE;
            }
            KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers);
            try {
                if (!FlagUpdate.GLOBAL.equals(scope) && !topics.latest(Topics.WORKSPACES).containsKey(scope)) {
                    err.println("unknown workspace " + scope + "; the scope is global or a workspace id "
                            + "(see ./pulpo workspace list)");
                    return ExitCodes.USAGE;
                }
                Map<String, FlagUpdate> current = topics.latest(Topics.ORCHESTRATOR_CONTROL);
                FlagUpdate update = FlagChange.apply(scope, current.get(scope), enable, percent,
                        "pulpo-cli:" + System.getProperty("user.name", "unknown"), OffsetDateTime.now(ZoneOffset.UTC));
                topics.publish(Topics.ORCHESTRATOR_CONTROL, scope, update);
                spec.commandLine().getOut().println("set " + describe(update));
                return ExitCodes.OK;
            } catch (KafkaTopics.UnavailableException e) {
                err.println(e.getMessage());
                return ExitCodes.KAFKA;
            }
        }

        static FlagChange<Boolean> slmChange(String raw) {
            if (raw == null) {
                return FlagChange.keep();
            }
            return switch (raw.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> FlagChange.set(true);
                case "false" -> FlagChange.set(false);
                case INHERIT -> FlagChange.clear();
                default -> throw new IllegalArgumentException("--slm must be true, false or inherit, was '" + raw + "'");
            };
        }

        static FlagChange<Integer> canaryChange(String raw) {
            if (raw == null) {
                return FlagChange.keep();
            }
            if (raw.strip().equalsIgnoreCase(INHERIT)) {
                return FlagChange.clear();
            }
            try {
                int value = Integer.parseInt(raw.strip());
                if (value >= 0 && value <= 100) {
                    return FlagChange.set(value);
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("--canary must be an integer from 0 to 100, or inherit, was '" + raw + "'");
        }
    }

    /** {@code global  enable_slm_pipeline=true  slm_canary_percent=inherit  (2025-01-15T10:00Z by pulpo-cli:ana)} */
    static String describe(FlagUpdate flags) {
        return flags.scope() + "  enable_slm_pipeline=" + orInherit(flags.enableSlmPipeline())
                + "  slm_canary_percent=" + orInherit(flags.slmCanaryPercent())
                + "  (" + (flags.updatedAt() == null ? "?" : flags.updatedAt()) + " by "
                + (flags.updatedBy() == null ? "?" : flags.updatedBy()) + ")";
    }

    private static String orInherit(Object value) {
        return value == null ? INHERIT : value.toString();
    }
}
