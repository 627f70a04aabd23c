package dev.pulpo.tools.api;

import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.calendar.CalendarDay;
import dev.pulpo.tools.calendar.CalendarKeys;
import dev.pulpo.tools.stream.ToolExecutorTopology;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
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
        return Optional.ofNullable(this.<Workspace>store(ToolExecutorTopology.WORKSPACES_STORE).get(workspaceId));
    }

    @Override
    public List<CalendarDay> days(String workspaceId, LocalDate from, LocalDate to) {
        List<CalendarDay> days = new ArrayList<>();
        // Day keys sort by date within the workspace's own keys (CalendarKeys): one range read.
        try (KeyValueIterator<String, CalendarDay> range = this.<CalendarDay>store(ToolExecutorTopology.CALENDAR_STORE)
                .range(CalendarKeys.day(workspaceId, from), CalendarKeys.day(workspaceId, to))) {
            range.forEachRemaining(kv -> days.add(kv.value));
        }
        return days;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String store) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null) {
            throw new InvalidStateStoreException("Kafka Streams has not started");
        }
        return kafkaStreams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
