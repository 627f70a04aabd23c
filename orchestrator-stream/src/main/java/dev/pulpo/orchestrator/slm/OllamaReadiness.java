package dev.pulpo.orchestrator.slm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator at start, in one line, whether the SLM route can work: Ollama reachable and the configured
 * models pulled. It never stops the service: without the models, SLM turns fall back to legacy.
 */
public class OllamaReadiness {
    private static final Logger log = LoggerFactory.getLogger(OllamaReadiness.class);

    private final SlmSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public OllamaReadiness(SlmSettings settings) {
        this.settings = settings;
    }

    /** @return the configured models Ollama does not have; all of them when it cannot be reached */
    public Set<String> missingModels() {
        // The extractor and the planner are the same model by default: a set, without Set.of's duplicate check.
        Set<String> wanted = new LinkedHashSet<>(java.util.List.of(settings.extractorModel(), settings.plannerModel(),
                settings.responseModel()));
        if (settings.fallbackToLlm()) {
            wanted.add(settings.fallbackModel());
        }
        try {
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/tags"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (tags.statusCode() != 200) {
                return wanted;
            }
            wanted.removeIf(model -> tags.body().contains("\"" + model + "\""));
            return wanted;
        } catch (java.io.IOException e) {
            return wanted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return wanted;
        }
    }

    public void report() {
        Set<String> missing = missingModels();
        if (missing.isEmpty()) {
            log.info("SLM route ready: Ollama at {} has every model", settings.baseUrl());
        } else {
            log.warn("SLM route enabled but Ollama at {} lacks {} (or is unreachable): those turns fall back to legacy "
                    + "until `ollama pull` brings them", settings.baseUrl(), missing);
        }
    }
}
