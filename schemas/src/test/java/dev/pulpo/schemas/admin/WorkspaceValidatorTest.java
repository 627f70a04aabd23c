package dev.pulpo.schemas.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator both the admin API and {@code ./pulpo workspace put} use, without Spring or Kafka. */
class WorkspaceValidatorTest {
    private final WorkspaceValidator validator = new WorkspaceValidator();

    @Test
    void theDemoSalonIsValidAndComesBackAsTheStoredRecord() throws IOException {
        WorkspaceValidator.Result result = validator.validate(demoJson(), DemoWorkspace.ID, List.of());

        assertThat(result.errors()).isEmpty();
        assertThat(result.workspace()).isEqualTo(DemoWorkspace.load());
    }

    @Test
    void theDemoSalonMayBePublishedAgainOverItselfWithItsOwnNumbers() throws IOException {
        assertThat(validator.validate(demoJson(), null, List.of(DemoWorkspace.load())).valid()).isTrue();
    }

    @Test
    void aNumberOfAnotherWorkspaceIsAConflict() throws IOException {
        Workspace other = DemoWorkspace.load().withId("otra-peluqueria");

        WorkspaceValidator.Result result = validator.validate(demoJson(), null, List.of(other));

        assertThat(result.errors()).singleElement().asString()
                .startsWith("$.phone_numbers[0]: +14155238886 already belongs to workspace otra-peluqueria");
    }

    @Test
    void textThatIsNotJsonIsOneErrorAtTheRoot() {
        assertThat(validator.validate("{oops", null, List.of()).errors()).singleElement().asString()
                .startsWith("$: not valid JSON");
        assertThat(validator.validate("[]", null, List.of()).errors())
                .containsExactly("$: a workspace must be a JSON object");
    }

    @Test
    void schemaErrorsNameTheirPlaceAsAJsonPath() {
        assertThat(WorkspaceValidator.jsonPath("/hours/monday/0/1: does not match")).isEqualTo(
                "$.hours.monday[0][1]: does not match");
        assertThat(WorkspaceValidator.jsonPath(": required property 'name' not found")).isEqualTo(
                "$: required property 'name' not found");
    }

    private static String demoJson() throws IOException {
        try (InputStream in = WorkspaceValidatorTest.class.getClassLoader().getResourceAsStream(DemoWorkspace.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
