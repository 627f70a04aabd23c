package dev.pulpo.orchestrator.slm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.orchestrator.testing.OllamaStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The start-up line about the SLM route's models, from Ollama's own /api/tags. */
class OllamaReadinessTest {
    private final OllamaStub ollama = new OllamaStub();

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void theDefaultModelsAreCheckedOnceEachAgainstWhatOllamaHas() {
        // Given Ollama with the extractor's and planner's model (the same one, by default) but not the others
        ollama.server().stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"qwen2.5:7b\",\"model\":\"qwen2.5:7b\",\"size\":4683087332}]}")));

        // When / Then
        assertThat(new OllamaReadiness(SlmSettings.defaults().withBaseUrl(ollama.baseUrl())).missingModels())
                .containsExactly("phi3:mini", "qwen2.5:14b");
    }

    @Test
    void anOllamaThatCannotBeReachedLacksEveryModel() {
        assertThat(new OllamaReadiness(SlmSettings.defaults().withBaseUrl("http://127.0.0.1:9")).missingModels())
                .containsExactly("qwen2.5:7b", "phi3:mini", "qwen2.5:14b");
    }
}
