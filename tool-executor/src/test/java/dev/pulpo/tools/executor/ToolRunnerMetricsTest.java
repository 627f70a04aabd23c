package dev.pulpo.tools.executor;

import static dev.pulpo.tools.TestCalls.call;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ToolNames;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.tools.httptool.HttpToolSettings;
import dev.pulpo.tools.httptool.HttpTools;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names the dashboards query: tool_calls_total and tool_call_duration_ms_bucket. */
class ToolRunnerMetricsTest {
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ToolRunner runner = new ToolRunner(new BuiltinTools(),
            new HttpTools(HttpToolSettings.DEFAULT, name -> Optional.empty(), prometheus, Clock.systemUTC()), prometheus);

    @Test
    void eachCallIsCountedByToolAndStatusAndTimedInTheSloBuckets() {
        ToolResult result = runner.run(call("call-1", customer(1), ToolNames.GET_SERVICES, Map.of()), DemoWorkspace.load(), 0);

        assertThat(result.status()).isEqualTo(ToolResult.OK);
        String scrape = prometheus.scrape();
        assertThat(scrape).contains("tool_calls_total{status=\"ok\",tool=\"get_services\"} 1.0");
        for (String le : new String[] {"5.0", "10.0", "25.0", "50.0", "100.0", "250.0", "500.0", "1000.0", "2500.0", "5000.0"}) {
            assertThat(scrape).contains("tool_call_duration_ms_bucket{tool=\"get_services\",le=\"" + le + "\"}");
        }
    }

    @Test
    void aCallForAnUnknownWorkspaceIsCountedAsFailed() {
        runner.run(call("call-1", "nowhere:+5491155550001", ToolNames.GET_SERVICES, Map.of()), null, 0);

        assertThat(prometheus.scrape()).contains("tool_calls_total{status=\"failed\",tool=\"get_services\"} 1.0");
    }
}
