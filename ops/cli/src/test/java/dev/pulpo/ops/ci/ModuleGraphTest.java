package dev.pulpo.ops.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module graph of docs/ARCHITECTURE.md is the poms' graph: every compile dependency between the project's
 * modules is an arrow there, and every arrow is such a dependency. A newcomer reads the house from that page,
 * so it may never drift from the build.
 */
class ModuleGraphTest {
    /** Tests run in ops/cli; the repository is two folders up. */
    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Pattern MERMAID = Pattern.compile("## Module graph.*?```mermaid\\s*\\n(.*?)```",
            Pattern.DOTALL);
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+)(?:\\[[^]]*])?\\s*-->\\s*(\\w+)(?:\\[[^]]*])?\\s*$");
    private static final String GROUP = "dev.pulpo";

    @Test
    void theArchitecturePagesGraphIsThePomsGraph() throws Exception {
        assertThat(documentedEdges()).as("arrows of docs/ARCHITECTURE.md's module graph")
                .isEqualTo(pomEdges());
    }

    @Test
    void noServiceDependsOnAnother() throws Exception {
        Set<String> services = Set.of("ingress_gateway", "orchestrator_stream", "tool_executor", "outbound_sender");
        assertThat(pomEdges()).noneMatch(edge -> {
            String[] ends = edge.split(" --> ");
            return services.contains(ends[0]) && services.contains(ends[1]);
        });
    }

    private static Set<String> documentedEdges() throws Exception {
        Matcher block = MERMAID.matcher(Files.readString(REPO.resolve("docs/ARCHITECTURE.md")));
        assertThat(block.find()).as("a mermaid block under '## Module graph'").isTrue();
        Set<String> edges = new TreeSet<>();
        for (String line : block.group(1).split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.matches()) {
                edges.add(edge.group(1) + " --> " + edge.group(2));
            }
        }
        return edges;
    }

    /** Node ids are module folders with '/' and '-' as '_': {@code ops/cli} is {@code ops_cli}. */
    private static Set<String> pomEdges() throws Exception {
        Element root = pom(REPO);
        List<String> modules = children(root, "modules", "module");
        Map<String, String> nodeByArtifact = new HashMap<>();
        for (String module : modules) {
            nodeByArtifact.put(text(pom(REPO.resolve(module)), "artifactId"), module.replaceAll("[/-]", "_"));
        }
        Set<String> edges = new TreeSet<>();
        for (String module : modules) {
            Element pom = pom(REPO.resolve(module));
            NodeList dependencies = pom.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                boolean inDependencies = dependency.getParentNode().getParentNode() == pom;
                String group = text(dependency, "groupId");
                if (!inDependencies || !(GROUP.equals(group) || "${project.groupId}".equals(group))
                        || "test".equals(text(dependency, "scope")) || "test-jar".equals(text(dependency, "type"))) {
                    continue;
                }
                String target = nodeByArtifact.get(text(dependency, "artifactId"));
                assertThat(target).as("module of " + text(dependency, "artifactId")).isNotNull();
                edges.add(module.replaceAll("[/-]", "_") + " --> " + target);
            }
        }
        return edges;
    }

    private static Element pom(Path folder) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(folder.resolve("pom.xml").toFile())
                .getDocumentElement();
    }

    private static List<String> children(Element parent, String list, String item) {
        Element container = (Element) parent.getElementsByTagName(list).item(0);
        NodeList items = container.getElementsByTagName(item);
        return java.util.stream.IntStream.range(0, items.getLength()).mapToObj(i -> items.item(i).getTextContent().trim())
                .toList();
    }

    /** The text of {@code element}'s own child {@code name}, or null. */
    private static String text(Element element, String name) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }
}
