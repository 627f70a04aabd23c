package dev.pulpo.orchestrator.slm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.ollama.OllamaChatModel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of the SLM route, through Ollama's {@code /api/chat} (langchain4j). Deterministic sampling
 * (temperature 0) and no client retries: a slow or failing model is the orchestrator's to fall back from, within
 * the turn's budget, not the client's to retry.
 */
public class OllamaModels {
    private final String baseUrl;
    private final Map<Key, ChatModel> clients = new ConcurrentHashMap<>();

    public OllamaModels(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Asks the request's model; blocks up to the request's timeout, so call it off the stream thread. */
    public String ask(ModelRequest request) {
        ChatModel model = clients.computeIfAbsent(new Key(request.model(), request.json(), request.timeout()),
                this::client);
        return model.chat(ChatRequest.builder()
                        .messages(SystemMessage.from(request.system()), UserMessage.from(request.user()))
                        .build())
                .aiMessage().text();
    }

    private ChatModel client(Key key) {
        OllamaChatModel.OllamaChatModelBuilder builder = OllamaChatModel.builder().maxRetries(0);
        builder.baseUrl(baseUrl).modelName(key.model()).timeout(key.timeout()).temperature(0.0);
        if (key.json()) {
            builder.responseFormat(ResponseFormat.JSON);
        }
        return builder.build();
    }

    private record Key(String model, boolean json, Duration timeout) {
    }
}
