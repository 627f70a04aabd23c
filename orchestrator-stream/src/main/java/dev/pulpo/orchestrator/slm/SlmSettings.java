package dev.pulpo.orchestrator.slm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLM route's settings, bound from {@code pulpo.slm.*}; the environment names are the integration guide's
 * (OLLAMA_BASE_URL, SLM_EXTRACTOR_MODEL, SLM_CONFIDENCE_THRESHOLD, SLM_EXTRACTOR_TIMEOUT_MS, ...).
 *
 * @param fallbackModel      the larger model an extraction below {@code confidenceThreshold} is retried on,
 *                           when {@code fallbackToLlm}
 * @param totalTimeout       a turn waiting for a model answer longer than this is answered on legacy (a lost
 *                           answer, a crashed worker); the model calls have their own, shorter timeouts
 * @param maxConcurrentCalls model calls in flight at once on this instance; more wait their turn
 * @param rollbackWindow     the latest SLM turns of a scope the automatic rollback looks at
 * @param rollbackMinTurns   turns the window needs before it may roll back
 * @param rollbackFallbackRate share of those turns that fell back to legacy above which the scope is rolled back
 */
@ConfigurationProperties("pulpo.slm")
public record SlmSettings(
        String baseUrl,
        String extractorModel,
        String plannerModel,
        String responseModel,
        String fallbackModel,
        double confidenceThreshold,
        boolean fallbackToLlm,
        Duration extractorTimeout,
        Duration plannerTimeout,
        Duration responseTimeout,
        Duration fallbackTimeout,
        Duration totalTimeout,
        int maxConcurrentCalls,
        int rollbackWindow,
        int rollbackMinTurns,
        double rollbackFallbackRate) {

    public SlmSettings {
        baseUrl = baseUrl == null ? "http://localhost:11434" : baseUrl;
        extractorModel = extractorModel == null ? "qwen2.5:7b" : extractorModel;
        plannerModel = plannerModel == null ? "qwen2.5:7b" : plannerModel;
        responseModel = responseModel == null ? "phi3:mini" : responseModel;
        fallbackModel = fallbackModel == null ? "qwen2.5:14b" : fallbackModel;
        extractorTimeout = extractorTimeout == null ? Duration.ofMillis(300) : extractorTimeout;
        plannerTimeout = plannerTimeout == null ? Duration.ofMillis(300) : plannerTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofMillis(1000) : responseTimeout;
        fallbackTimeout = fallbackTimeout == null ? Duration.ofMillis(2000) : fallbackTimeout;
        totalTimeout = totalTimeout == null ? Duration.ofMillis(10_000) : totalTimeout;
        maxConcurrentCalls = maxConcurrentCalls <= 0 ? 8 : maxConcurrentCalls;
        rollbackWindow = rollbackWindow <= 0 ? 50 : rollbackWindow;
        rollbackMinTurns = rollbackMinTurns <= 0 ? 20 : Math.min(rollbackMinTurns, rollbackWindow);
        rollbackFallbackRate = rollbackFallbackRate <= 0 ? 0.5 : rollbackFallbackRate;
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("SLM_CONFIDENCE_THRESHOLD must be within [0,1], was " + confidenceThreshold);
        }
    }

    /** The guide's defaults, for tests and tools that start the topology without Spring. */
    public static SlmSettings defaults() {
        return new SlmSettings(null, null, null, null, null, 0.7, true, null, null, null, null, null, 0, 0, 0, 0);
    }

    public SlmSettings withBaseUrl(String url) {
        return new SlmSettings(url, extractorModel, plannerModel, responseModel, fallbackModel, confidenceThreshold,
                fallbackToLlm, extractorTimeout, plannerTimeout, responseTimeout, fallbackTimeout, totalTimeout,
                maxConcurrentCalls, rollbackWindow, rollbackMinTurns, rollbackFallbackRate);
    }
}
