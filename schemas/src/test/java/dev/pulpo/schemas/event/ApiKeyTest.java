package dev.pulpo.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-06T10:00:00Z");

    @Test
    void anIssuedKeyOpensItsOwnRecordAndTheRecordNeverHoldsTheKey() {
        ApiKey.Issued issued = ApiKey.issue("salon", "n8n", NOW);

        assertThat(issued.record().opens(issued.key())).isTrue();
        assertThat(ApiKey.idOf(issued.key())).contains(issued.record().keyId());
        assertThat(issued.record().toString()).doesNotContain(issued.key().substring(23));
        assertThat(issued.toString()).doesNotContain(issued.key());
        assertThat(issued.record().keyHash()).hasSize(64).isNotEqualTo(issued.key());
    }

    @Test
    void anotherKeyOrAForgedOneOpensNothing() {
        ApiKey.Issued mine = ApiKey.issue("salon", null, NOW);
        ApiKey.Issued theirs = ApiKey.issue("salon", null, NOW);
        String forged = "pulpo_" + mine.record().keyId() + "_" + "A".repeat(43);

        assertThat(mine.record().opens(theirs.key())).isFalse();
        assertThat(mine.record().opens(forged)).isFalse();
        assertThat(mine.record().opens(null)).isFalse();
        assertThat(ApiKey.idOf("Bearer nonsense")).isEmpty();
        assertThat(ApiKey.idOf("pulpo_" + "x".repeat(10_000))).isEmpty();
    }

    @Test
    void aRevokedKeyOpensNothing() {
        ApiKey.Issued issued = ApiKey.issue("salon", null, NOW);

        ApiKey revoked = issued.record().revokedAt(NOW.plusHours(1));

        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.opens(issued.key())).isFalse();
    }

    @Test
    void aKeyNameIsBounded() {
        assertThatThrownBy(() -> ApiKey.issue("salon", "x".repeat(129), NOW))
                .hasMessageContaining("128");
    }
}
