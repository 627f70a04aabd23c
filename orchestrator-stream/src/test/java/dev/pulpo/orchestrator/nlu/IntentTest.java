package dev.pulpo.orchestrator.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class IntentTest {

    @Test
    void wireNamesAreLowerSnakeCase() {
        assertThat(Intent.INFO_HOURS.wire()).isEqualTo("info_hours");
        assertThat(Intent.HUMAN_HANDOFF.wire()).isEqualTo("human_handoff");
    }

    @Test
    void everyWireNameReadsBack() {
        for (Intent intent : Intent.values()) {
            assertThat(Intent.fromWire(intent.wire())).isSameAs(intent);
        }
        assertThat(Intent.fromWire(" Out_Of_Scope ")).isSameAs(Intent.OUT_OF_SCOPE);
    }

    @Test
    void anUnknownWireNameFailsLoudly() {
        assertThatIllegalArgumentException().isThrownBy(() -> Intent.fromWire("booking"));
        assertThatIllegalArgumentException().isThrownBy(() -> Intent.fromWire(null));
    }
}
