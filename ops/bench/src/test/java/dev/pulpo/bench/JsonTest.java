package dev.pulpo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesMapsInOrderListsAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", List.of(1.5, "x\"y\n", true));
        m.put("n", null);
        m.put("nan", Double.NaN);
        m.put("empty", Map.of());
        String json = Json.write(m).replaceAll("\\s+", "");
        assertThat(json).isEqualTo("{\"b\":1,\"a\":[1.5,\"x\\\"y\\n\",true],\"n\":null,\"nan\":null,\"empty\":{}}");
    }
}
