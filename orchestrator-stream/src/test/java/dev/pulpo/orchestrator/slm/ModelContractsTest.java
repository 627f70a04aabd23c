package dev.pulpo.orchestrator.slm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.orchestrator.dialogue.PlannedCall;
import dev.pulpo.orchestrator.nlu.Intent;
import dev.pulpo.orchestrator.nlu.Understanding;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each stage accepts from its model, and what it refuses rather than pass a guess on as a fact. */
class ModelContractsTest {
    private final Workspace salon = DemoWorkspace.load();
    private final Extractor extractor = new Extractor();
    private final Planner planner = new Planner();
    private final Wording wording = new Wording();

    @Test
    void anExtractionGivesTheCatalogsNameAndIsoDatesAndTimes() {
        Understanding u = extractor.read("""
                {"intent":"book","confidence":0.91,"service":"corte de cabello","date":"2025-01-17","time":"9:30",
                 "affirmative":false,"negative":false,"only_details":false}""", salon);
        assertThat(u.intent()).isEqualTo(Intent.BOOK);
        assertThat(u.service()).contains("Corte de Cabello");
        assertThat(u.date()).contains(LocalDate.of(2025, 1, 17));
        assertThat(u.time()).contains(LocalTime.of(9, 30));
    }

    @Test
    void aServiceTheBusinessDoesNotOfferIsDroppedNotBooked() {
        Understanding u = extractor.read("{\"intent\":\"book\",\"confidence\":0.9,\"service\":\"Tatuaje\"}", salon);
        assertThat(u.service()).isEmpty();
    }

    @Test
    void anExtractionOutOfContractIsRefusedWithTheReason() {
        assertThatThrownBy(() -> extractor.read("no sé", salon)).isInstanceOf(InvalidModelOutput.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> extractor.read("{\"intent\":\"buy_car\",\"confidence\":0.9}", salon))
                .hasMessageContaining("unknown intent");
        assertThatThrownBy(() -> extractor.read("{\"intent\":\"greeting\",\"confidence\":1.5}", salon))
                .hasMessageContaining("confidence");
        assertThatThrownBy(() -> extractor.read("{\"intent\":\"book\",\"confidence\":0.9,\"date\":\"el viernes\"}",
                salon)).hasMessageContaining("date");
        assertThatThrownBy(() -> extractor.read("[1,2]", salon)).hasMessageContaining("not a JSON object");
    }

    @Test
    void aPlanIsAListOfToolsWithArgumentObjects() {
        assertThat(planner.read("""
                {"calls":[{"tool":"check_availability","args":{"service":"Corte de Cabello","date":"2025-01-17"}}]}""", false))
                .containsExactly(new PlannedCall("check_availability",
                        Map.of("service", "Corte de Cabello", "date", "2025-01-17")));
        assertThatThrownBy(() -> planner.read("{\"calls\":[]}", false)).isInstanceOf(InvalidModelOutput.class);
        assertThat(planner.read("{\"calls\":[]}", true)).as("none of the workspace's own tools serves").isEmpty();
        assertThatThrownBy(() -> planner.read("{\"calls\":[{\"args\":{}}]}", true)).isInstanceOf(InvalidModelOutput.class);
        assertThatThrownBy(() -> planner.read("{\"calls\":[{\"tool\":\"x\",\"args\":\"y\"}]}", true))
                .isInstanceOf(InvalidModelOutput.class);
    }

    @Test
    void aPlanOfMoreCallsThanATurnCanKeepIsRefused() {
        String call = "{\"tool\":\"get_services\",\"args\":{}}";
        String sixteen = String.join(",", java.util.Collections.nCopies(16, call));
        String seventeen = String.join(",", java.util.Collections.nCopies(17, call));

        assertThat(planner.read("{\"calls\":[" + sixteen + "]}", false)).hasSize(16);
        assertThatThrownBy(() -> planner.read("{\"calls\":[" + seventeen + "]}", false))
                .isInstanceOf(InvalidModelOutput.class).hasMessage("17 calls planned, at most 16");
    }

    @Test
    void thePlannerIsToldOnlyTheToolsTheWorkspaceAllows() {
        assertThat(planner.system(salon)).contains("get_business_hours", "book_appointment")
                .doesNotContain("delete");
    }

    @Test
    void wordsAreUsedOnlyWhenTheyKeepEveryFigureOfTheTemplate() {
        String template = "¡Listo! Tu turno de Corte de Cabello quedó reservado para el 17/01 a las 10:00. Código B-123.";
        assertThat(wording.accept("\"Genial, te esperamos el 17/01 a las 10:00 para tu corte. Código B-123.\"",
                template)).contains("Genial, te esperamos el 17/01 a las 10:00 para tu corte. Código B-123.");
        assertThat(wording.accept("Genial, te esperamos el viernes a las 10 para tu corte.", template)).isEmpty();
        assertThat(wording.accept("   ", template)).isEmpty();
        assertThat(wording.accept("a".repeat(2_000), "hola")).isEmpty();
    }
}
