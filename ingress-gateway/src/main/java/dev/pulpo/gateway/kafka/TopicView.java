package dev.pulpo.gateway.kafka;

import dev.pulpo.kafka.TopicFollower;
import dev.pulpo.kafka.TopicFollower.From;
import dev.pulpo.schemas.Topic;
import java.time.Duration;
import java.util.Map;
import org.springframework.context.SmartLifecycle;

/**
 * A local view the gateway keeps of one topic: it follows every partition and, unless told otherwise, has read
 * the records present at start before the web server takes requests (phase 0 starts before it).
 */
public abstract class TopicView<V> implements SmartLifecycle {
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final TopicFollower<V> follower;
    private final boolean holdStart;
    private volatile boolean running;

    /** @param fromBeginning read the whole topic (a compacted view) rather than only what comes next */
    protected TopicView(Topic<String, V> topic, Map<String, Object> consumerConfig, boolean fromBeginning) {
        this(topic, consumerConfig, fromBeginning, true);
    }

    /**
     * @param holdStart whether start() waits until the records present at start are read; a view requests can
     *                  do without (a long history only some of them look up) starts at once
     */
    protected TopicView(Topic<String, V> topic, Map<String, Object> consumerConfig, boolean fromBeginning,
            boolean holdStart) {
        // apply() runs on the follower's thread, which only starts in start(), after the subclass is built.
        this.follower = new TopicFollower<>(topic, consumerConfig, fromBeginning ? From.BEGINNING : From.END,
                (key, value, readAtNanos) -> apply(key, value));
        this.holdStart = holdStart;
    }

    /** One record of the topic; {@code value} is null for a tombstone. */
    protected abstract void apply(String key, V value);

    /** Waits until the records present at start are in the view. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    @Override
    public void start() {
        if (holdStart) {
            follower.startAndCatchUp(CATCH_UP);
        } else {
            follower.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        follower.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
