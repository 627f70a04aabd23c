package dev.pulpo.bench;

import java.util.List;
import java.util.Map;

/** The printed tables: the figures a reader compares, one row per case and phase. */
final class Table {
    private Table() {
    }

    static String turnLatency(List<Map<String, Object>> cases) {
        StringBuilder out = new StringBuilder();
        String format = "%-42s %-7s %6s %6s %8s %8s %8s %8s %9s %16s%n";
        out.append(String.format(format, "case", "phase", "sent", "answ", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "msg/s", "t_total p50/p90"));
        for (Map<String, Object> c : cases) {
            for (String phase : List.of("steady", "burst")) {
                Map<String, Object> p = map(c.get(phase));
                if (p == null) {
                    continue;
                }
                Map<String, Object> latency = map(p.get("latency"));
                Map<String, Object> reported = map(p.get("reported_t_total"));
                out.append(String.format(format, c.get("name"), phase, p.get("sent"), p.get("answered"),
                        num(latency.get("p50_ms")), num(latency.get("p90_ms")), num(latency.get("p99_ms")),
                        num(latency.get("max_ms")), num(p.get("throughput_per_s")),
                        reported == null ? "" : num(reported.get("p50_ms")) + " / " + num(reported.get("p90_ms"))));
            }
        }
        for (Map<String, Object> c : cases) {
            if ("turn".equals(c.get("kind")) && c.get("steady") != null) {
                Map<String, Object> latency = map(map(c.get("steady")).get("latency"));
                Object p50 = latency.get("p50_ms");
                Object p90 = latency.get("p90_ms");
                boolean met = p50 instanceof Double a && p90 instanceof Double b && a < 800 && b < 1500;
                out.append(String.format("%s: objectives p50 < 800 ms, p90 < 1500 ms (integration guide): %s%n",
                        c.get("name"), met ? "met" : "NOT met"));
                Object failed = c.get("checks_failed");
                String verdict = failed instanceof List<?> l && !l.isEmpty() ? "FAILED " + l : "ok";
                out.append(String.format("%s: checks %s %s%n", c.get("name"), verdict, c.get("checks")));
            }
        }
        return out.toString();
    }

    /** Messages sent and never answered, over every phase of a case. */
    static int missing(Map<String, Object> c) {
        int missing = 0;
        for (String phase : List.of("warmup", "steady", "burst")) {
            Map<String, Object> p = map(c.get(phase));
            if (p != null) {
                missing += ((Number) p.get("missing")).intValue();
            }
        }
        return missing;
    }

    static String num(Object value) {
        if (value instanceof Double d) {
            return d >= 100 ? String.format("%.0f", d) : String.format("%.1f", d);
        }
        return value == null ? "-" : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
