package dev.pulpo.orchestrator.stream;

import dev.pulpo.orchestrator.slm.ModelWorker;
import dev.pulpo.orchestrator.turn.Emission;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Hands a turn's model call to the worker and returns at once: the stream thread never waits for a model, and
 * the answer comes back on {@code model-replies}. A call made twice (a task retried after a crash) gives two
 * answers with the same request id; the turn takes the first.
 */
final class CallModel implements FixedKeyProcessor<String, Emission, Void> {
    private final ModelWorker worker;

    CallModel(ModelWorker worker) {
        this.worker = worker;
    }

    @Override
    public void process(FixedKeyRecord<String, Emission> record) {
        if (record.value() instanceof Emission.ModelCall call) {
            worker.submit(call.request());
        }
    }
}
