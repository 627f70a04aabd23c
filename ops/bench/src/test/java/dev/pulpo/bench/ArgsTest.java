package dev.pulpo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void readsBothFormsAndFallsBack() {
        Args args = new Args(new String[] {"--messages", "1_000", "--rate=100.5", "--chain", "eos:100, alos:20"},
                Set.of("messages", "rate", "chain", "out"));
        assertThat(args.integer("messages", 1)).isEqualTo(1_000);
        assertThat(args.decimal("rate", 1)).isEqualTo(100.5);
        assertThat(args.list("chain", "")).containsExactly("eos:100", "alos:20");
        assertThat(args.text("out", "default")).isEqualTo("default");
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> new Args(new String[] {"--mesages", "3"}, Set.of("messages")))
                .hasMessageContaining("--mesages");
        assertThatThrownBy(() -> new Args(new String[] {"--messages"}, Set.of("messages")))
                .hasMessageContaining("needs a value");
    }

    @Test
    void parsesChainCases() {
        assertThat(ChainPipeline.Spec.parse("eos:100").tag()).isEqualTo("eos-100");
        assertThat(ChainPipeline.Spec.parse("alos:20").guarantee()).isEqualTo("at_least_once");
        assertThatThrownBy(() -> ChainPipeline.Spec.parse("eos")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesTheSlmModelDelays() {
        Set<String> known = Set.of("slm-model-delays-ms");
        assertThat(TurnLatencyBench.slmModelDelays(new Args(new String[0], known))).isEmpty();
        assertThat(TurnLatencyBench.slmModelDelays(new Args(new String[] {"--slm-model-delays-ms", "none"}, known)))
                .isEmpty();
        assertThat(TurnLatencyBench.slmModelDelays(new Args(new String[] {"--slm-model-delays-ms=0, 100,1_000ms"},
                known))).containsExactly(0, 100, 1_000);
        assertThatThrownBy(() -> TurnLatencyBench.slmModelDelays(
                new Args(new String[] {"--slm-model-delays-ms", "-5"}, known)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
        assertThatThrownBy(() -> TurnLatencyBench.slmModelDelays(
                new Args(new String[] {"--slm-model-delays-ms", "fast"}, known)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAndConfiguresTheSlmCases() {
        assertThat(TurnLatencyBench.slmCaseName(100, 20)).isEqualTo("turn slm delay=100ms commit 20 ms");
        assertThat(TurnLatencyBench.slmProperties("http://127.0.0.1:4321", 64))
                .containsEntry("pulpo.orchestrator.enable-slm-pipeline", "true")
                .containsEntry("pulpo.orchestrator.slm-canary-percent", "0")
                .containsEntry("pulpo.slm.base-url", "http://127.0.0.1:4321")
                .containsEntry("pulpo.slm.extractor-timeout", "5s")
                .containsEntry("pulpo.slm.planner-timeout", "5s")
                .containsEntry("pulpo.slm.response-timeout", "5s")
                .containsEntry("pulpo.slm.max-concurrent-calls", "64");
    }
}
