package dev.pulpo.ops.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml read the way {@code docker compose config} reads it where the tests need it: YAML
 * with anchors and merge keys, {@code ${VAR:-default}} interpolation with an empty environment (no
 * .env), and the short and long syntaxes of ports, volumes and {@code depends_on}.
 */
record ComposeFile(Path file, Map<String, Object> root) {

    /** {@code [ip:][host[-end]:]container[-end][/protocol]}, with an IPv6 ip in brackets. */
    private static final Pattern SHORT_PORT = Pattern.compile(
            "^(?:(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+]):)?"
                    + "(?:(?<host>\\d+(?:-\\d+)?)?:)?(?<container>\\d+(?:-\\d+)?)(?:/(?<protocol>tcp|udp|sctp))?$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static ComposeFile load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        // docker compose refuses a key written twice; so does this reader.
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Map<String, Object> root = yaml.load(Files.readString(file));
        return new ComposeFile(file, root);
    }

    Map<String, Object> services() {
        return map(root.get("services"));
    }

    Map<String, Object> service(String name) {
        Object service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        return map(service);
    }

    Map<String, Object> declaredVolumes() {
        Object volumes = root.get("volumes");
        return volumes == null ? Map.of() : map(volumes);
    }

    /** The service's environment as written (list or map form), values not interpolated. */
    Map<String, String> rawEnvironment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (env instanceof List<?> items) {
            for (Object item : items) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return result;
    }

    /** The service's environment after interpolation with no variables set. */
    Map<String, String> environment(String service) {
        Map<String, String> result = new LinkedHashMap<>();
        rawEnvironment(service).forEach((k, v) -> result.put(k, v == null ? null : interpolate(v)));
        return result;
    }

    /** The service's command (or entrypoint + command) as one interpolated string. */
    String script(String service) {
        Map<String, Object> s = service(service);
        List<String> parts = new ArrayList<>();
        for (String key : List.of("entrypoint", "command")) {
            Object value = s.get(key);
            if (value instanceof List<?> list) {
                list.forEach(item -> parts.add(String.valueOf(item)));
            } else if (value != null) {
                parts.add(String.valueOf(value));
            }
        }
        return interpolate(String.join(" ", parts));
    }

    /** {@code depends_on} as dependency → condition, from its list or map form. */
    Map<String, String> dependsOn(String service) {
        Object deps = service(service).get("depends_on");
        Map<String, String> result = new LinkedHashMap<>();
        if (deps instanceof List<?> names) {
            names.forEach(n -> result.put(String.valueOf(n), "service_started"));
        } else if (deps instanceof Map<?, ?> entries) {
            entries.forEach((name, spec) -> {
                Object condition = spec instanceof Map<?, ?> m ? m.get("condition") : null;
                result.put(String.valueOf(name), condition == null ? "service_started" : String.valueOf(condition));
            });
        }
        return result;
    }

    /** One published or exposed port; {@code hostPorts} is empty when nothing is published. */
    record Port(String spec, String hostIp, List<Integer> hostPorts, List<Integer> containerPorts, String protocol) {
    }

    List<Port> ports(String service) {
        Object ports = service(service).get("ports");
        List<Port> result = new ArrayList<>();
        if (ports == null) {
            return result;
        }
        for (Object entry : (List<?>) ports) {
            result.add(entry instanceof Map<?, ?> longSyntax ? longPort(longSyntax) : shortPort(interpolate(String.valueOf(entry))));
        }
        return result;
    }

    private static Port shortPort(String spec) {
        Matcher m = SHORT_PORT.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed port " + spec);
        }
        List<Integer> container = range(m.group("container"), spec);
        List<Integer> host = m.group("host") == null ? List.of() : range(m.group("host"), spec);
        if (!host.isEmpty() && host.size() != container.size()) {
            throw new IllegalArgumentException("host and container ranges differ in " + spec);
        }
        String ip = m.group("ip") == null ? "0.0.0.0" : m.group("ip");
        return new Port(spec, ip, host, container, m.group("protocol") == null ? "tcp" : m.group("protocol"));
    }

    private static Port longPort(Map<?, ?> spec) {
        Object target = spec.get("target");
        if (target == null) {
            throw new IllegalArgumentException("port without target: " + spec);
        }
        List<Integer> container = range(String.valueOf(target), spec.toString());
        Object published = spec.get("published");
        List<Integer> host = published == null ? List.of() : range(String.valueOf(published), spec.toString());
        Object ip = spec.get("host_ip");
        Object protocol = spec.get("protocol");
        return new Port(spec.toString(), ip == null ? "0.0.0.0" : String.valueOf(ip), host, container,
                protocol == null ? "tcp" : String.valueOf(protocol));
    }

    private static List<Integer> range(String text, String spec) {
        String[] bounds = text.split("-");
        int from = port(bounds[0], spec);
        int to = bounds.length == 2 ? port(bounds[1], spec) : from;
        if (bounds.length > 2 || to < from) {
            throw new IllegalArgumentException("malformed port range in " + spec);
        }
        List<Integer> ports = new ArrayList<>();
        for (int p = from; p <= to; p++) {
            ports.add(p);
        }
        return ports;
    }

    private static int port(String text, String spec) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed port " + spec, e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in " + spec);
        }
        return port;
    }

    /** A volume or bind mount; {@code source} is a path for a bind, a volume name otherwise. */
    record Mount(String type, String source, String target, boolean readOnly) {
        boolean isBind() {
            return type.equals("bind");
        }
    }

    List<Mount> mounts(String service) {
        Object volumes = service(service).get("volumes");
        List<Mount> result = new ArrayList<>();
        if (volumes == null) {
            return result;
        }
        for (Object entry : (List<?>) volumes) {
            if (entry instanceof Map<?, ?> spec) {
                String type = String.valueOf(spec.get("type"));
                Object source = spec.get("source");
                result.add(new Mount(type, source == null ? null : interpolate(String.valueOf(source)),
                        String.valueOf(spec.get("target")), Boolean.TRUE.equals(spec.get("read_only"))));
            } else {
                String[] parts = interpolate(String.valueOf(entry)).split(":");
                if (parts.length == 1) {
                    result.add(new Mount("volume", null, parts[0], false));
                    continue;
                }
                if (parts.length > 3) {
                    throw new IllegalArgumentException("malformed volume " + entry);
                }
                String source = parts[0];
                boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
                boolean readOnly = parts.length == 3 && List.of(parts[2].split(",")).contains("ro");
                result.add(new Mount(bind ? "bind" : "volume", source, parts[1], readOnly));
            }
        }
        return result;
    }

    /** A bind's source on this machine: relative to the compose file's folder, as compose resolves it. */
    Path hostPath(Mount mount) {
        return file.toAbsolutePath().getParent().resolve(mount.source()).normalize();
    }

    Optional<Map<String, Object>> healthcheck(String service) {
        Object check = service(service).get("healthcheck");
        return Optional.ofNullable(check).map(ComposeFile::map);
    }

    /**
     * Compose interpolation with no variable set: {@code $$} is a dollar, {@code ${VAR:-d}} and
     * {@code ${VAR-d}} give d, {@code ${VAR:+x}} gives nothing. A variable without a default, a
     * required one ({@code :?}) or a lone {@code $} fails, because {@code docker compose config} with no
     * .env would warn or fail on it.
     */
    /**
     * Variables compose requires ({@code ${NAME:?why}}) because no default is safe: a secret the operator
     * chooses. They read as set here; any other required variable fails as compose would without a .env.
     */
    static final Map<String, String> OPERATOR_SET = Map.of("GRAFANA_ADMIN_PASSWORD", "set-by-the-operator");

    static String interpolate(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed ${ in: " + text);
                }
                String body = text.substring(i + 2, close);
                if (body.contains("${")) {
                    throw new IllegalArgumentException("nested interpolation (not used here) in: " + text);
                }
                out.append(substitute(body, text));
                i = close + 1;
                continue;
            }
            Matcher name = NAME.matcher(text).region(i + 1, text.length());
            if (name.lookingAt()) {
                throw new IllegalArgumentException("$" + name.group() + " has no default in: " + text);
            }
            throw new IllegalArgumentException("invalid interpolation format (a lone $; write $$) in: " + text);
        }
        return out.toString();
    }

    private static String substitute(String body, String text) {
        Matcher name = NAME.matcher(body);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException("invalid variable name in ${" + body + "} in: " + text);
        }
        String rest = body.substring(name.end());
        if (rest.startsWith(":-")) {
            return rest.substring(2);
        }
        if (rest.startsWith("-")) {
            return rest.substring(1);
        }
        if (rest.startsWith(":+") || rest.startsWith("+")) {
            return "";
        }
        if ((rest.startsWith(":?") || rest.startsWith("?")) && OPERATOR_SET.containsKey(name.group())) {
            return OPERATOR_SET.get(name.group());
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("${" + body + "} has no default in: " + text);
        }
        throw new IllegalArgumentException("${" + body + "} is required or malformed in: " + text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }
}
