package dev.pulpo.gateway.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code topicViews} health: UP while every local view of a topic (workspaces, API keys, flags, decisions, outbound
 * statuses) reads its topic; DOWN while one is still positioning, follows again after a failure, or is stopped, since
 * the gateway then answers from a view that falls behind (a request waits for a decision it will not see, a
 * workspace or key changed meanwhile is not known). Details per topic: state, failures since start, last failure.
 */
@Component
public class TopicViewsHealthIndicator extends AbstractHealthIndicator {
    private final List<TopicView<?>> views;

    public TopicViewsHealthIndicator(List<TopicView<?>> views) {
        super("Topic views health check failed");
        this.views = views;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean all = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (TopicView<?> view : views) {
            var follower = view.follower();
            all &= follower.isFollowing();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("view", view.getClass().getSimpleName());
            detail.put("state", follower.state().name());
            detail.put("failures", follower.failures());
            if (follower.lastFailure() != null) {
                detail.put("lastFailure", follower.lastFailure());
            }
            details.put(view.topic(), detail);
        }
        (all ? builder.up() : builder.down()).withDetails(details);
    }
}
