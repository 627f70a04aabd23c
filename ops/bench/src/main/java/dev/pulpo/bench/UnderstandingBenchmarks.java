package dev.pulpo.bench;

import dev.pulpo.orchestrator.nlu.SpanishUnderstanding;
import dev.pulpo.orchestrator.nlu.Understanding;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmarks of the legacy route's understanding: one message per operation, the corpus's messages in
 * turn, against the demo salon's catalog. Run through {@link UnderstandingBench}, which prints and writes them.
 */
@State(Scope.Thread)
public class UnderstandingBenchmarks {
    @Param({"salon", "random", "random2000"})
    public String corpus;

    private SpanishUnderstanding understanding;
    private Workspace workspace;
    private ZonedDateTime now;
    private String[] texts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        understanding = new SpanishUnderstanding();
        workspace = DemoWorkspace.load();
        now = ZonedDateTime.of(2025, 11, 3, 10, 0, 0, 0, ZoneId.of(workspace.timezone()));
        List<String> list = Corpus.valueOf(corpus).texts();
        texts = list.toArray(String[]::new);
        next = 0;
    }

    private String nextText() {
        String text = texts[next];
        next = next + 1 == texts.length ? 0 : next + 1;
        return text;
    }

    /** Messages per second, one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Understanding throughput() {
        return understanding.understand(nextText(), workspace, now);
    }

    /** Time per message, sampled: the mean and the tail (p50, p90, p99, max). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Understanding perMessage() {
        return understanding.understand(nextText(), workspace, now);
    }
}
