package dev.pulpo.orchestrator.slm;

import dev.pulpo.schemas.event.ModelReply;

/** Where the model worker puts an answer: {@code model-replies}, so the conversation's task takes it. */
@FunctionalInterface
public interface ModelReplySink {
    void deliver(ModelReply reply);
}
