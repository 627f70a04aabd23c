package dev.pulpo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecorderTest {

    @Test
    void latencyIsSendToArrivalAndMissingAnswersAreCountedNotMeasured() throws InterruptedException {
        Phases phases = new Phases();
        Recorder steady = phases.open("steady", 3);
        steady.sent(0, 1_000_000);
        steady.sent(1, 2_000_000);
        steady.sent(2, 3_000_000);
        phases.arrived(Phases.id("steady", 0), 11_000_000, 9);
        phases.arrived(Phases.id("steady", 1), 32_000_000, Recorder.NONE);

        assertThat(steady.awaitAll(1, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(steady.latenciesNanos()).containsExactly(10_000_000, 30_000_000);
        assertThat(steady.reportedMillis()).containsExactly(9);
        assertThat(steady.spanNanos()).isEqualTo(31_000_000);

        Map<String, Object> summary = LoadRunner.summary(steady, 50);
        assertThat(summary).containsEntry("sent", 3).containsEntry("answered", 2).containsEntry("missing", 1);
    }

    @Test
    void aSecondAnswerToOneMessageIsADuplicateNotANewLatency() {
        Phases phases = new Phases();
        Recorder r = phases.open("burst", 1);
        r.sent(0, 0);
        phases.arrived("burst#0", 5, Recorder.NONE);
        phases.arrived("burst#0", 9, Recorder.NONE);
        assertThat(r.arrivedCount()).isEqualTo(1);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.latenciesNanos()).containsExactly(5);
    }

    @Test
    void answersOfUnknownPhasesOrForeignIdsAreIgnored() {
        Phases phases = new Phases();
        Recorder r = phases.open("steady", 1);
        phases.arrived("warmup#0", 5, Recorder.NONE);
        phases.arrived("some-snapshot-of-someone-else", 5, Recorder.NONE);
        phases.arrived("steady#x", 5, Recorder.NONE);
        phases.arrived("steady#7", 5, Recorder.NONE);
        phases.arrived(null, 5, Recorder.NONE);
        assertThat(r.arrivedCount()).isZero();
    }
}
