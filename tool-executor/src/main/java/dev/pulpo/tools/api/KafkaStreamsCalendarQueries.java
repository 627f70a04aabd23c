package dev.pulpo.tools.api;

import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.calendar.WorkspaceCalendar;
import dev.pulpo.tools.stream.ToolExecutorTopology;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * The stores of this instance, through Kafka Streams interactive queries.
 *
 * <p>With one instance every calendar is local. With several, a workspace's calendar lives on the instance that owns
 * its partition of the repartition topic: answering for it would need {@code application.server} set on each
 * instance and a forward to the owner's host ({@code KafkaStreams.queryMetadataForKey}). Not built yet.
 */
@Component
class KafkaStreamsCalendarQueries implements CalendarQueries {
    private final StreamsBuilderFactoryBean streams;

    KafkaStreamsCalendarQueries(StreamsBuilderFactoryBean streams) {
        this.streams = streams;
    }

    @Override
    public Optional<Workspace> workspace(String workspaceId) {
        return Optional.ofNullable(this.<Workspace>get(ToolExecutorTopology.WORKSPACES_STORE, workspaceId));
    }

    @Override
    public Optional<WorkspaceCalendar> calendar(String workspaceId) {
        return Optional.ofNullable(this.<WorkspaceCalendar>get(ToolExecutorTopology.CALENDAR_STORE, workspaceId));
    }

    private <V> V get(String store, String key) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null) {
            throw new InvalidStateStoreException("Kafka Streams has not started");
        }
        return kafkaStreams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()))
                .get(key);
    }
}
