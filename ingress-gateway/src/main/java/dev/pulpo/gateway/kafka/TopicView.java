package dev.pulpo.gateway.kafka;

import dev.pulpo.kafka.TopicFollower;
import dev.pulpo.kafka.TopicFollower.From;
import dev.pulpo.schemas.Topic;
import java.time.Duration;
import java.util.Map;
import org.springframework.context.SmartLifecycle;

/**
 * A local view the gateway keeps of one topic: it follows every partition and, unless told otherwise, has read
 * the records present at start before the web server takes requests (phase 0 starts before it). Its follower
 * follows again by itself after a failure; {@link TopicViewsHealthIndicator} says DOWN meanwhile.
 */
public abstract class TopicView<V> implements SmartLifecycle {
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final Topic<String, V> topic;
    private final Map<String, Object> consumerConfig;
    private final From from;
    private final boolean holdStart;
    private volatile TopicFollower<V> follower;
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
        this.topic = topic;
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.from = fromBeginning ? From.BEGINNING : From.END;
        this.holdStart = holdStart;
        this.follower = newFollower();
    }

    /** One record of the topic; {@code value} is null for a tombstone. */
    protected abstract void apply(String key, V value);

    /** Waits until the records present at start are in the view. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** The topic this view follows. */
    public String topic() {
        return topic.name();
    }

    /** Whether the view reads its topic now: positioned, not restarting after a failure, not stopped. */
    public boolean isFollowing() {
        return follower.isFollowing();
    }

    /** Its follower's state, failures since start and last failure, for health. */
    public TopicFollower<V> follower() {
        return follower;
    }

    @Override
    public void start() {
        if (follower.state() == TopicFollower.State.CLOSED) {
            // Started again after a stop: a follower is good for one run. apply() runs on its thread only.
            follower = newFollower();
        }
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

    private TopicFollower<V> newFollower() {
        // apply() runs on the follower's thread, which only starts in start(), after the subclass is built.
        return new TopicFollower<>(topic, consumerConfig, from, (key, value, readAtNanos) -> apply(key, value));
    }
}
