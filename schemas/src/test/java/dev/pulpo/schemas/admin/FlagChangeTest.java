package dev.pulpo.schemas.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.schemas.event.FlagUpdate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A scope's record is its whole state on a compacted topic, so a change must carry over what it leaves alone. */
class FlagChangeTest {
    private static final OffsetDateTime AT = OffsetDateTime.of(2025, 1, 15, 13, 0, 0, 0, ZoneOffset.UTC);
    private final FlagUpdate current = new FlagUpdate(FlagUpdate.VERSION, FlagUpdate.GLOBAL, true, 10, "ana", AT);

    @Test
    void aFlagLeftAloneKeepsItsValueAndAClearedOneGoes() {
        FlagUpdate next = FlagChange.apply(FlagUpdate.GLOBAL, current, FlagChange.keep(), FlagChange.clear(),
                "pulpo-cli:bea", AT.plusHours(1));

        assertThat(next.enableSlmPipeline()).isTrue();
        assertThat(next.slmCanaryPercent()).isNull();
        assertThat(next.updatedBy()).isEqualTo("pulpo-cli:bea");
    }

    @Test
    void aScopeWithoutARecordStartsFromNothing() {
        FlagUpdate next = FlagChange.apply("demo", null, FlagChange.set(false), FlagChange.keep(), "admin-api", AT);

        assertThat(next.scope()).isEqualTo("demo");
        assertThat(next.enableSlmPipeline()).isFalse();
        assertThat(next.slmCanaryPercent()).isNull();
    }

    @Test
    void aSetNeedsAValue() {
        assertThatThrownBy(() -> FlagChange.set(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
