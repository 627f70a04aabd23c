package dev.pulpo.schemas.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.schemas.DemoWorkspace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator variables of a workspace, and why one workspace can never name another's. */
class WorkspaceVariablesTest {

    @Test
    void aWorkspacesKeyIsItsIdUpperCasedWithEachRunOfPunctuationAsOneUnderscore() {
        assertThat(WorkspaceVariables.key("salon-centro")).isEqualTo("SALON_CENTRO");
        assertThat(WorkspaceVariables.key("a--b.c_d")).isEqualTo("A_B_C_D");
        assertThat(WorkspaceVariables.key(DemoWorkspace.ID)).isEqualTo("550E8400_E29B_41D4_A716_446655440003");
    }

    @Test
    void aSecretAndTheAllowedHostsAreNamedByTheWorkspacesKey() {
        assertThat(WorkspaceVariables.secret("salon-centro", "N8N_TOKEN")).isEqualTo("PULPO_SECRET_SALON_CENTRO__N8N_TOKEN");
        assertThat(WorkspaceVariables.allowedHosts("salon-centro")).isEqualTo("PULPO_HTTP_TOOL_ALLOWED_HOSTS_SALON_CENTRO");
    }

    @Test
    void aSecretNameStartsWithALetter() {
        assertThat(WorkspaceVariables.isSecretName("N8N_TOKEN")).isTrue();
        assertThat(WorkspaceVariables.isSecretName("_TOKEN")).isFalse();
        assertThat(WorkspaceVariables.isSecretName("A-B")).isFalse();
        assertThat(WorkspaceVariables.isSecretName("")).isFalse();
        assertThatThrownBy(() -> WorkspaceVariables.secret("salon", "_CENTRO__TOKEN"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noWorkspaceCanNameAVariableOfAWorkspaceWithAnotherKey() {
        // Ids whose keys are prefixes of each other, or end in punctuation: where a single '_' would be ambiguous.
        List<String> ids = List.of("salon", "salon-centro", "salon-", "salon--centro-x", "salon_centro_x", "x");
        List<String> names = List.of("CENTRO__TOKEN", "CENTRO_TOKEN", "TOKEN", "X__TOKEN", "CENTRO_X__TOKEN", "T");
        Map<String, String> owner = new HashMap<>();
        for (String id : ids) {
            for (String name : names) {
                String variable = WorkspaceVariables.secret(id, name);
                String key = WorkspaceVariables.key(id);
                String before = owner.putIfAbsent(variable, key);
                assertThat(before == null || before.equals(key))
                        .as("%s names %s, a variable of key %s", id, variable, before).isTrue();
            }
        }
    }
}
