package dev.pulpo.tools.stream;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.streams.DeadLetters;
import dev.pulpo.tools.executor.ToolRunner;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The tool executor's flow, top to bottom. */
@Component
public class ToolExecutorTopology {
    public static final String SERVICE = "tool-executor";
    public static final String WORKSPACES_STORE = "tool-executor-workspaces";

    private final ToolRunner runner;

    public ToolExecutorTopology(ToolRunner runner) {
        this.runner = runner;
    }

    @Autowired
    public void build(StreamsBuilder builder) {
        // 1. Every workspace, on every instance: calls are answered from the workspace they name.
        GlobalKTable<String, Workspace> workspaces = builder.globalTable(Topics.WORKSPACES.name(),
                Consumed.with(Topics.WORKSPACES.keySerde(), Topics.WORKSPACES.valueSerde()).withName("read-workspaces"),
                Materialized.as(WORKSPACES_STORE));

        // 2. Read the calls; one that cannot be read goes to tool-calls.dlq with the reason.
        new DeadLetters(SERVICE).readOrDeadLetter(builder, Topics.TOOL_CALLS)
                // 3. Attach the call's workspace (null when unknown: the runner says so in the result).
                .leftJoin(workspaces, (conversationId, call) -> call.workspaceId(), CallInWorkspace::new,
                        Named.as("join-workspace"))
                // 4. Run it and write exactly one result per call.
                .processValues(() -> new RunTool(runner), Named.as("run-tool"))
                .to(Topics.TOOL_RESULTS.name(), Produced.with(Topics.TOOL_RESULTS.keySerde(),
                        Topics.TOOL_RESULTS.valueSerde()).withName("write-tool-results"));
    }

    record CallInWorkspace(ToolCall call, Workspace workspace) {
    }

    private static final class RunTool implements FixedKeyProcessor<String, CallInWorkspace, ToolResult> {
        private final ToolRunner runner;
        private FixedKeyProcessorContext<String, ToolResult> context;

        RunTool(ToolRunner runner) {
            this.runner = runner;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, ToolResult> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, CallInWorkspace> record) {
            CallInWorkspace in = record.value();
            context.forward(record.withValue(runner.run(in.call(), in.workspace(), context.currentSystemTimeMs())));
        }
    }
}
