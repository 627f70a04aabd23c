package dev.pulpo.ops.admin;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ApiKey;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./pulpo keys create | list | revoke}: the callers' API keys on the compacted {@code api-keys} topic. A key
 * is bound to one workspace; only its hash is stored, so {@code create} is the one time anyone sees it.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke the API keys callers send as 'Authorization: Bearer KEY'.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a key for a workspace and print it once: it is stored hashed and cannot be shown again.",
                    "Exit codes: 0 created; 2 an unknown workspace or a bad name; 3 Kafka failed."})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceCommand.KafkaOption kafka = new WorkspaceCommand.KafkaOption();

        @Option(names = "--workspace", required = true, paramLabel = "ID", description = "The key's workspace.")
        String workspace;

        @Option(names = "--name", paramLabel = "TEXT", description = "What the key is for (who uses it), up to 128 characters.")
        String name;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers);
            try {
                if (!topics.latest(Topics.WORKSPACES).containsKey(workspace)) {
                    err.println("unknown workspace " + workspace + " (see ./pulpo workspace list)");
                    return ExitCodes.USAGE;
                }
                ApiKey.Issued issued = ApiKey.issue(workspace, name, OffsetDateTime.now(ZoneOffset.UTC));
                topics.publish(Topics.API_KEYS, issued.record().keyId(), issued.record());
                PrintWriter out = spec.commandLine().getOut();
                out.println(issued.key());
                err.println("created key " + issued.record().keyId() + " for workspace " + workspace
                        + "; it is shown only now: keep it where its caller reads it");
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return ExitCodes.USAGE;
            } catch (KafkaTopics.UnavailableException e) {
                err.println(e.getMessage());
                return ExitCodes.KAFKA;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the keys (id, workspace, name, created, revoked); never the keys themselves.")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceCommand.KafkaOption kafka = new WorkspaceCommand.KafkaOption();

        @Option(names = "--workspace", paramLabel = "ID", description = "Only this workspace's keys.")
        String workspace;

        @Override
        public Integer call() {
            try {
                List<ApiKey> keys = new KafkaTopics(kafka.bootstrapServers).latest(Topics.API_KEYS).values().stream()
                        .filter(k -> workspace == null || workspace.equals(k.workspaceId()))
                        .sorted(Comparator.comparing(ApiKey::workspaceId).thenComparing(ApiKey::createdAt))
                        .toList();
                PrintWriter out = spec.commandLine().getOut();
                if (keys.isEmpty()) {
                    out.println("no keys" + (workspace == null ? "" : " for workspace " + workspace));
                }
                keys.forEach(k -> out.println(describe(k)));
                return ExitCodes.OK;
            } catch (KafkaTopics.UnavailableException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCodes.KAFKA;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a key: every gateway refuses it within a second or two.",
                    "Exit codes: 0 revoked (or already revoked); 2 an unknown key id; 3 Kafka failed."})
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceCommand.KafkaOption kafka = new WorkspaceCommand.KafkaOption();

        @Parameters(paramLabel = "KEY_ID", description = "The key's id, as 'keys list' shows it.")
        String keyId;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers);
            try {
                ApiKey key = topics.latest(Topics.API_KEYS).get(keyId);
                if (key == null) {
                    err.println("unknown key " + keyId + " (see ./pulpo keys list)");
                    return ExitCodes.USAGE;
                }
                if (!key.revoked()) {
                    key = key.revokedAt(OffsetDateTime.now(ZoneOffset.UTC));
                    topics.publish(Topics.API_KEYS, keyId, key);
                }
                spec.commandLine().getOut().println("revoked " + describe(key));
                return ExitCodes.OK;
            } catch (KafkaTopics.UnavailableException e) {
                err.println(e.getMessage());
                return ExitCodes.KAFKA;
            }
        }
    }

    /** {@code 3f2a…  salon-1  "n8n flow"  created 2026-12-06T10:00Z  active} */
    static String describe(ApiKey key) {
        return key.keyId() + "  " + key.workspaceId() + "  \"" + key.name() + "\"  created " + key.createdAt()
                + "  " + (key.revoked() ? "revoked " + key.revokedAt() : "active");
    }
}
