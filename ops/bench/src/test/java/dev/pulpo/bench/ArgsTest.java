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
}
