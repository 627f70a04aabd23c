package dev.pulpo.orchestrator.slm;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.ModelReply;
import java.net.http.HttpTimeoutException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the models off the stream thread, so a slow model holds up only the conversation that waits for it,
 * never the others of its partition. Each answer, or the reason there is none, goes to {@code model-replies};
 * a turn whose answer never comes is answered on legacy at its deadline.
 */
public class ModelWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelWorker.class);

    private final OllamaModels models;
    private final ModelReplySink sink;
    private final Semaphore inFlight;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("model-call-", 0).factory());

    public ModelWorker(OllamaModels models, ModelReplySink sink, int maxConcurrentCalls) {
        this.models = models;
        this.sink = sink;
        this.inFlight = new Semaphore(maxConcurrentCalls);
    }

    /** Returns at once; the answer arrives on {@code model-replies}. */
    public void submit(ModelRequest request) {
        executor.execute(() -> call(request));
    }

    private void call(ModelRequest request) {
        long started = System.nanoTime();
        String outcome = ModelReply.OK;
        String content = null;
        String error = null;
        try {
            // A call that cannot start within its own timeout would only answer a turn already given up on.
            if (!inFlight.tryAcquire(request.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new java.util.concurrent.TimeoutException(
                        "no free model slot within " + request.timeout().toMillis() + " ms");
            }
            try {
                content = models.ask(request);
            } finally {
                inFlight.release();
            }
        } catch (java.util.concurrent.TimeoutException e) {
            outcome = ModelReply.TIMEOUT;
            error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = ModelReply.ERROR;
            error = "interrupted while shutting down";
        } catch (RuntimeException e) {
            outcome = isTimeout(e) ? ModelReply.TIMEOUT : ModelReply.ERROR;
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        if (!ModelReply.OK.equals(outcome)) {
            log.warn("model call {} stage={} model={} decision_id={} conversation={} duration_ms={} error=\"{}\"",
                    outcome, request.stage().wire(), request.model(), request.decisionId(),
                    ConversationId.masked(request.conversationId()), durationMs, error);
        }
        try {
            sink.deliver(new ModelReply(ModelReply.VERSION, request.requestId(), request.decisionId(),
                    request.conversationId(), request.workspaceId(), request.stage().wire(), request.model(), outcome,
                    content, error, durationMs, OffsetDateTime.now(ZoneOffset.UTC)));
        } catch (RuntimeException e) {
            // The turn's deadline answers it on legacy; nothing else is lost.
            log.error("model reply not delivered decision_id={} stage={}", request.decisionId(),
                    request.stage().wire(), e);
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
