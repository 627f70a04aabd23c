package dev.pulpo.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.pulpo.ops.compose.ComposeFile.Mount;
import dev.pulpo.ops.compose.ComposeFile.Port;
import dev.pulpo.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml is valid where {@code docker compose config} would check it, and it matches the
 * project: the Jib images at the project's version, the variables each service reads, the topic
 * catalog, the files it mounts and the targets Prometheus scrapes. When a Compose v2 CLI is installed,
 * {@code docker compose config -q} runs too (it needs no daemon).
 */
class ComposeFileTest {
    /** Tests run in ops/cli; the repository is two folders up. */
    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final List<String> PULPO_SERVICES =
            List.of("ingress-gateway", "orchestrator-stream", "tool-executor", "outbound-sender");
    /** Spring Boot and the JVM read these without a placeholder in the service's own settings. */
    private static final Set<String> STANDARD_VARIABLES = Set.of("SERVER_PORT", "JAVA_TOOL_OPTIONS");
    private static final List<String> STANDARD_PREFIXES = List.of("SPRING_", "LOGGING_LEVEL_");
    /**
     * Bind sources that another branch adds: ops/n8n (the n8n workflows) comes with the Twilio/n8n
     * ingress work. Until it lands compose creates the folder empty and n8n-import imports nothing.
     * Remove an entry once the folder is in the repository.
     */
    private static final Set<String> PENDING_BIND_SOURCES = Set.of();
    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("name", "services", "networks", "volumes", "configs", "secrets", "include", "models");
    private static final Set<String> CONDITIONS =
            Set.of("service_started", "service_healthy", "service_completed_successfully");

    private final ComposeFile compose = ComposeFile.load(REPO.resolve("docker-compose.yml"));

    ComposeFileTest() throws IOException {
    }

    @Test
    void onlyTheGatewayIsReachableFromOtherHosts() {
        // Kafka, Ollama, the stream apps' actuators, Prometheus, Grafana and n8n are for this host (or a proxy).
        for (String name : compose.services().keySet()) {
            for (Port port : compose.ports(name)) {
                if (!port.hostPorts().isEmpty() && !"ingress-gateway".equals(name)) {
                    assertThat(port.hostIp()).as(name + " publishes " + port.spec()).isEqualTo("127.0.0.1");
                }
            }
        }
        assertThat(compose.ports("ingress-gateway")).extracting(Port::hostPorts).containsExactly(List.of(8000));
    }

    @Test
    void grafanaHasNoDefaultAdminPassword() {
        assertThat(compose.rawEnvironment("grafana").get("GF_SECURITY_ADMIN_PASSWORD"))
                .as("compose must refuse to start without GRAFANA_ADMIN_PASSWORD")
                .matches("\\$\\{GRAFANA_ADMIN_PASSWORD:\\?[^}]+}");
    }

    @Test
    void theFileIsAComposeSpecFileWithoutVersionAndEveryVariableHasADefault() {
        // Then: only the Compose Specification's top-level keys (and x- extensions), no obsolete version
        assertThat(compose.root().keySet())
                .allSatisfy(key -> assertThat(TOP_LEVEL_KEYS.contains(key) || key.startsWith("x-"))
                        .as("top-level key %s", key).isTrue());
        assertThat(compose.root()).doesNotContainKey("version");
        assertThat(compose.services()).isNotEmpty();

        // And every ${VAR} in a value has a default, so `docker compose config` works without a .env
        assertThat(scalars(compose.root())).isNotEmpty().allSatisfy(value ->
                assertThatCode(() -> ComposeFile.interpolate(value)).as(value).doesNotThrowAnyException());
    }

    @Test
    void theInterpolationReaderFailsWhereComposeWould() {
        assertThat(ComposeFile.interpolate("${A:-x:y} $${B} ${C-}")).isEqualTo("x:y ${B} ");
        assertThatThrownBy(() -> ComposeFile.interpolate("${A}")).hasMessageContaining("no default");
        assertThatThrownBy(() -> ComposeFile.interpolate("${A:?set A}")).hasMessageContaining("required");
        assertThatThrownBy(() -> ComposeFile.interpolate("echo $topic")).hasMessageContaining("no default");
        assertThatThrownBy(() -> ComposeFile.interpolate("cost $ 5")).hasMessageContaining("lone $");
    }

    @Test
    void everyServiceRunsAnImageWithAPinnedTagOrABuild() {
        compose.services().forEach((name, raw) -> {
            Map<String, Object> service = ComposeFile.map(raw);
            assertThat(service.containsKey("image") || service.containsKey("build")).as(name).isTrue();
            if (service.containsKey("image")) {
                String image = ComposeFile.interpolate(String.valueOf(service.get("image")));
                assertThat(image).as("%s's image names a tag", name).matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
                assertThat(image).as("%s's image is pinned", name).doesNotEndWith(":latest");
            }
        });
    }

    @Test
    void everyDependencyIsAServiceOfTheFileWithAConditionItCanMeet() {
        for (String name : compose.services().keySet()) {
            compose.dependsOn(name).forEach((dependency, condition) -> {
                assertThat(compose.services()).as("%s depends on %s", name, dependency).containsKey(dependency);
                assertThat(dependency).as("%s depends on itself", name).isNotEqualTo(name);
                assertThat(CONDITIONS).as("condition of %s → %s", name, dependency).contains(condition);
                if (condition.equals("service_healthy")) {
                    assertThat(compose.healthcheck(dependency)).as("%s waits for %s's health", name, dependency)
                            .isPresent();
                }
                if (condition.equals("service_completed_successfully")) {
                    assertThat(compose.service(dependency).get("restart"))
                            .as("%s waits for one-shot %s to end", name, dependency).isEqualTo("no");
                }
            });
        }
        assertThat(dependencyCycle()).as("a depends_on cycle").isEmpty();
    }

    @Test
    void everyLongRunningServiceHasAHealthcheck() {
        compose.services().forEach((name, raw) -> {
            if ("no".equals(ComposeFile.map(raw).get("restart"))) {
                return;
            }
            Object test = compose.healthcheck(name).map(h -> h.get("test")).orElse(null);
            assertThat(test).as("%s's healthcheck", name).isInstanceOf(List.class);
            assertThat(((List<?>) test).getFirst()).as("%s's healthcheck", name).isIn("CMD", "CMD-SHELL");
        });
    }

    @Test
    void everyBindMountIsInTheRepositoryAndEveryVolumeIsDeclared() {
        Set<String> used = new HashSet<>();
        for (String name : compose.services().keySet()) {
            for (Mount mount : compose.mounts(name)) {
                assertThat(mount.target()).as("%s mounts %s", name, mount).startsWith("/");
                if (mount.isBind()) {
                    assertThat(mount.source()).as("%s binds a path of the repository", name).startsWith("./");
                    if (!PENDING_BIND_SOURCES.contains(mount.source())) {
                        assertThat(compose.hostPath(mount)).as("%s binds %s", name, mount.source()).exists();
                    }
                } else if (mount.source() != null) {
                    assertThat(compose.declaredVolumes()).as("%s's volume %s", name, mount.source())
                            .containsKey(mount.source());
                    used.add(mount.source());
                }
            }
        }
        assertThat(used).as("declared volumes that nothing mounts")
                .containsExactlyInAnyOrderElementsOf(compose.declaredVolumes().keySet());
        assertThat(PENDING_BIND_SOURCES).allSatisfy(source -> assertThat(REPO.resolve(source))
                .as("%s is in the repository now: drop it from PENDING_BIND_SOURCES", source).doesNotExist());
    }

    @Test
    void everyPortIsWellFormedAndEachHostPortIsPublishedOnce() {
        Map<String, String> published = new HashMap<>();
        for (String name : compose.services().keySet()) {
            for (Port port : compose.ports(name)) {
                assertThat(port.hostPorts()).as("%s publishes %s on the host", name, port.spec()).isNotEmpty();
                for (int hostPort : port.hostPorts()) {
                    String key = hostPort + "/" + port.protocol();
                    assertThat(published.put(key, name)).as("host port %s of %s", key, name).isNull();
                }
            }
        }
    }

    @Test
    void theFourServicesRunTheirJibImagesAtTheProjectVersion() throws Exception {
        // Given the version of the root pom and the Jib configuration there and in each service's pom
        Document parent = xml(REPO.resolve("pom.xml"));
        String version = xpath(parent, "/project/version");
        String jib = "/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/configuration";

        // Then the parent's Jib names images pulpo/<module>:<version> with the state directory compose mounts
        assertThat(xpath(parent, jib + "/to/image")).isEqualTo("pulpo/${project.artifactId}:${project.version}");
        assertThat(xpath(parent, jib + "/container/environment/PULPO_STATE_DIR")).isEqualTo("/var/lib/pulpo/state");

        for (String module : PULPO_SERVICES) {
            // And compose runs exactly that image
            assertThat(compose.service(module).get("image")).as(module).isEqualTo("pulpo/" + module + ":" + version);
            // And the module's pom builds it, exposing the module's port
            Document pom = xml(REPO.resolve(module).resolve("pom.xml"));
            String port = xpath(pom, "/project/profiles/profile[id='images']/build/plugins"
                    + "/plugin[artifactId='jib-maven-plugin']/configuration/container/ports/port");
            assertThat(port).as("%s's image port", module)
                    .isEqualTo(String.valueOf(ServiceSettings.defaultPort(REPO, module)));
        }
    }

    @Test
    void eachServiceSetsOnlyEnvironmentVariablesItReads() throws IOException {
        for (String module : PULPO_SERVICES) {
            // Given the names the module's <module>.yml and @Value strings read
            Set<String> read = ServiceSettings.variablesReadBy(REPO, module);

            // Then each variable compose sets is one of them (or Spring's and the JVM's own): a typo fails
            assertThat(compose.rawEnvironment(module).keySet()).as("%s's environment (it reads %s)", module, read)
                    .allSatisfy(variable -> assertThat(read.contains(variable)
                            || STANDARD_VARIABLES.contains(variable)
                            || STANDARD_PREFIXES.stream().anyMatch(variable::startsWith))
                            .as("%s sets %s, which it does not read", module, variable).isTrue());
            assertThat(read).as("the reader found %s's settings", module).contains("KAFKA_BOOTSTRAP_SERVERS");
        }
    }

    @Test
    void eachServiceListensAndKeepsStateWhereItsPortsHealthcheckAndVolumeSay() throws IOException {
        for (String module : PULPO_SERVICES) {
            Map<String, String> env = compose.environment(module);
            int port = ServiceSettings.defaultPort(REPO, module);

            // The port: the module's own, published as itself, and the one the healthcheck asks
            assertThat(env.get("SERVER_PORT")).as(module).isEqualTo(String.valueOf(port));
            assertThat(compose.ports(module)).as(module).singleElement()
                    .satisfies(p -> assertThat(p.containerPorts()).containsExactly(port));
            String check = String.join(" ", compose.healthcheck(module).map(h -> (List<?>) h.get("test")).orElseThrow()
                    .stream().map(String::valueOf).toList());
            assertThat(check).as(module).contains("/dev/tcp/127.0.0.1/" + port).contains("GET /actuator/health ");

            // Kafka: the broker's internal listener
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).as(module).isEqualTo("kafka:9092");
            assertThat(compose.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).contains("//kafka:9092");

            // State: a Kafka Streams service keeps its stores on a named volume
            if (ServiceSettings.variablesReadBy(REPO, module).contains("PULPO_STATE_DIR")) {
                assertThat(compose.mounts(module)).as(module)
                        .anySatisfy(m -> {
                            assertThat(m.isBind()).isFalse();
                            assertThat(m.target()).isEqualTo(env.get("PULPO_STATE_DIR"));
                        });
            }
        }
    }

    @Test
    void kafkaInitCreatesExactlyTheTopicCatalog() {
        // Given kafka-init's table of topics
        String script = compose.script("kafka-init");
        Matcher table = Pattern.compile("<<'TOPICS'\\n(.*?)\\nTOPICS\\n", Pattern.DOTALL).matcher(script);
        assertThat(table.find()).as("kafka-init's <<'TOPICS' table").isTrue();
        List<String> created = new ArrayList<>();
        for (String line : table.group(1).lines().toList()) {
            assertThat(line).as("a topic line").matches("[a-z][a-z.-]* [1-9][0-9]* (delete|compact)");
            String[] f = line.split(" ");
            created.add(f[0] + " partitions=" + f[1] + " compacted=" + f[2].equals("compact"));
        }

        // Then it is the catalog, names, partitions and compaction
        List<String> catalog = Topics.all().stream()
                .map(t -> t.name() + " partitions=" + t.partitions() + " compacted=" + t.compacted()).toList();
        assertThat(created).containsExactlyInAnyOrderElementsOf(catalog);

        // And each line becomes one kafka-topics.sh --create, once the broker is healthy
        assertThat(script).contains("while read -r topic partitions cleanup")
                .contains("--create --if-not-exists").contains("--topic \"$topic\" --partitions \"$partitions\"")
                .contains("cleanup.policy=\"$cleanup\"").contains("--bootstrap-server kafka:9092");
        assertThat(compose.dependsOn("kafka-init")).containsEntry("kafka", "service_healthy");
        for (String module : PULPO_SERVICES) {
            assertThat(compose.dependsOn(module)).as(module)
                    .containsEntry("kafka-init", "service_completed_successfully");
        }
    }

    @Test
    void prometheusScrapesServicesOfTheFileOnTheirPorts() throws IOException {
        // Given ops/prometheus/prometheus.yml, mounted where the prometheus service reads it
        assertThat(compose.mounts("prometheus")).anySatisfy(m -> {
            assertThat(m.source()).isEqualTo("./ops/prometheus");
            assertThat(m.target()).isEqualTo("/etc/prometheus");
        });
        assertThat(compose.script("prometheus")).contains("--config.file=/etc/prometheus/prometheus.yml");
        Map<String, Object> config = ComposeFile.map(new Yaml().load(
                Files.readString(REPO.resolve("ops/prometheus/prometheus.yml"))));

        // Then every target is a service of the file that listens on that port
        Set<String> scraped = new TreeSet<>();
        for (Object job : (List<?>) config.get("scrape_configs")) {
            for (Object staticConfig : (List<?>) ComposeFile.map(job).get("static_configs")) {
                for (Object target : (List<?>) ComposeFile.map(staticConfig).get("targets")) {
                    String[] hostPort = String.valueOf(target).split(":");
                    String host = hostPort[0].equals("localhost") ? "prometheus" : hostPort[0];
                    assertThat(compose.services()).as("scrape target %s", target).containsKey(host);
                    assertThat(containerPorts(host)).as("scrape target %s", target)
                            .contains(Integer.parseInt(hostPort[1]));
                    scraped.add(host);
                }
            }
        }
        // And the four services and the lag exporter are all scraped
        assertThat(scraped).containsAll(PULPO_SERVICES).contains("kafka-exporter");
        assertThat(compose.script("kafka-exporter")).contains("--kafka.server=kafka:9092");
    }

    @Test
    void grafanaReadsTheRepositorysProvisioningAndDashboardsAndAsksPrometheusOfTheFile() throws IOException {
        Map<String, String> binds = compose.mounts("grafana").stream().filter(Mount::isBind)
                .collect(Collectors.toMap(Mount::target, Mount::source));
        assertThat(binds).containsEntry("/etc/grafana/provisioning", "./ops/grafana/provisioning");

        // The dashboard provider's path is where compose mounts ops/grafana/dashboards
        String provider = Files.readString(REPO.resolve("ops/grafana/provisioning/dashboards/pulpo.yml"));
        Matcher path = Pattern.compile("path:\\s*(\\S+)").matcher(provider);
        assertThat(path.find()).isTrue();
        assertThat(binds).containsEntry(path.group(1), "./ops/grafana/dashboards");

        // The datasource's URL is the prometheus service on its port
        String datasource = Files.readString(REPO.resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        Matcher url = Pattern.compile("url:\\s*http://([a-z-]+):(\\d+)").matcher(datasource);
        assertThat(url.find()).isTrue();
        assertThat(compose.services()).containsKey(url.group(1));
        assertThat(containerPorts(url.group(1))).contains(Integer.parseInt(url.group(2)));
    }

    @Test
    void ollamaPullFetchesTheSpecsModelsFromTheOllamaService() {
        assertThat(compose.script("ollama-pull"))
                .contains("ollama pull qwen2.5:7b")
                .contains("ollama pull phi3:mini");
        assertThat(compose.environment("ollama-pull")).containsEntry("OLLAMA_HOST", "http://ollama:11434");
        assertThat(containerPorts("ollama")).contains(11434);
        assertThat(compose.dependsOn("ollama-pull")).containsEntry("ollama", "service_healthy");
    }

    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        Optional<List<String>> cli = composeV2();
        assumeThat(cli).as("a Docker Compose v2 CLI (`docker compose config` needs no daemon)").isPresent();

        List<String> command = new ArrayList<>(cli.orElseThrow());
        command.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true);
        builder.environment().put("GRAFANA_ADMIN_PASSWORD", "only-for-config-check");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** Every string value of the tree: what compose interpolates (keys are not interpolated). */
    private static List<String> scalars(Object node) {
        List<String> values = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> values.addAll(scalars(v)));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> values.addAll(scalars(v)));
        } else if (node instanceof String s) {
            values.add(s);
        }
        return values;
    }

    /** The ports a service listens on inside the network: published, exposed, or its SERVER_PORT. */
    private Set<Integer> containerPorts(String service) {
        Set<Integer> ports = new TreeSet<>();
        compose.ports(service).forEach(p -> ports.addAll(p.containerPorts()));
        Object expose = compose.service(service).get("expose");
        if (expose instanceof List<?> list) {
            list.forEach(p -> ports.add(Integer.parseInt(String.valueOf(p).split("/")[0])));
        }
        String serverPort = compose.environment(service).get("SERVER_PORT");
        if (serverPort != null) {
            ports.add(Integer.parseInt(serverPort));
        }
        return ports;
    }

    private List<String> dependencyCycle() {
        Map<String, Integer> state = new HashMap<>();
        List<String> path = new ArrayList<>();
        for (String service : compose.services().keySet()) {
            if (visit(service, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private boolean visit(String service, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(service);
        if (s != null) {
            return s == 1;
        }
        state.put(service, 1);
        path.add(service);
        if (compose.services().containsKey(service)) {
            for (String dependency : compose.dependsOn(service).keySet()) {
                if (visit(dependency, state, path)) {
                    return true;
                }
            }
        }
        path.removeLast();
        state.put(service, 2);
        return false;
    }

    private static Optional<List<String>> composeV2() {
        for (List<String> cli : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> command = Stream.concat(cli.stream(), Stream.of("version", "--short")).toList();
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0
                        && output.matches("v?[2-9]\\.\\d+.*")) {
                    return Optional.of(cli);
                }
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String xpath(Document document, String expression) throws Exception {
        String value = XPathFactory.newInstance().newXPath().evaluate(expression, document).trim();
        assertThat(value).as(expression).isNotEmpty();
        return value;
    }
}
