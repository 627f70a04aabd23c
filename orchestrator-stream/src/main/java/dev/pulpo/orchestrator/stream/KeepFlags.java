package dev.pulpo.orchestrator.stream;

import dev.pulpo.orchestrator.telemetry.RoutingGauges;
import dev.pulpo.schemas.event.FlagUpdate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every scope's latest run-time flags from {@code orchestrator-control} in the global store, on every
 * instance, and shows them as gauges: a change takes effect at the next turn, without a restart.
 */
final class KeepFlags implements Processor<String, FlagUpdate, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(KeepFlags.class);

    private final RoutingGauges gauges;
    private KeyValueStore<String, FlagUpdate> store;

    KeepFlags(RoutingGauges gauges) {
        this.gauges = gauges;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(OrchestratorTopology.FLAGS_STORE);
        // A restart restores the store from the topic without passing the records through process(): the
        // gauges learn the restored flags here.
        try (KeyValueIterator<String, FlagUpdate> all = store.all()) {
            all.forEachRemaining(entry -> gauges.show(entry.value));
        }
    }

    @Override
    public void process(Record<String, FlagUpdate> record) {
        if (record.key() == null || record.value() == null) {
            if (record.key() != null) {
                store.delete(record.key());
                gauges.forget(record.key());
            }
            return;
        }
        store.put(record.key(), record.value());
        gauges.show(record.value());
        log.info("routing flags in force scope={} enable_slm_pipeline={} slm_canary_percent={} updated_by={}",
                record.key(), record.value().enableSlmPipeline(), record.value().slmCanaryPercent(),
                record.value().updatedBy());
    }
}
