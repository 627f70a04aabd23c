package dev.pulpo.ops.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * .github/workflows/ci.yml, the workflow that GitHub users of the project run, is valid YAML and runs what
 * the project's own CI runs: {@code bash .ci/run}, which runs the README's test command ({@code ./pulpo test}),
 * which ends with the guide's smoke test against {@code ./pulpo up}. Nothing here runs GitHub Actions; it keeps
 * the file and the chain of scripts from drifting apart.
 */
class CiWorkflowTest {
    /** Tests run in ops/cli; the repository is two folders up. */
    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();

    private final Map<String, Object> workflow = load(REPO.resolve(".github/workflows/ci.yml"));

    CiWorkflowTest() throws IOException {
    }

    @Test
    void itRunsOnPushesToMainAndOnPullRequests() {
        // YAML 1.1 (SnakeYAML, and GitHub's own reader accepts both) reads the bare key `on` as the boolean true.
        Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(true);
        Map<String, Object> triggers = map(on);
        assertThat(triggers).as("the workflow's triggers (on:)").containsKeys("push", "pull_request");
        assertThat(map(triggers.get("push")).get("branches")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains("main");
    }

    @Test
    void oneJobChecksOutSetsUpTemurin21WithTheMavenCacheInstallsPromtoolAndRunsCiRun() {
        Map<String, Object> jobs = map(workflow.get("jobs"));
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = map(jobs.values().iterator().next());
        assertThat(job.get("runs-on")).isEqualTo("ubuntu-latest");
        assertThat(job.get("timeout-minutes")).as("a bound on a hung run").isInstanceOf(Integer.class);
        List<Map<String, Object>> steps = steps(job);

        int checkout = indexOfUses(steps, "actions/checkout@");
        int java = indexOfUses(steps, "actions/setup-java@");
        int promtool = indexOfRun(steps, "apt-get install");
        int test = indexOfRun(steps, "bash .ci/run");
        int images = indexOfRun(steps, "./pulpo images");
        int upload = indexOfUses(steps, "actions/upload-artifact@");
        assertThat(List.of(checkout, java, promtool, test, images, upload)).as("steps in this order").isSorted()
                .doesNotContain(-1);
        assertThat((String) steps.get(images).get("run")).contains("-Dpulpo.image.base=eclipse-temurin:21-jre")
                .contains("docker load -i");

        Map<String, Object> with = map(steps.get(java).get("with"));
        assertThat(with).containsEntry("distribution", "temurin").containsEntry("cache", "maven");
        assertThat(String.valueOf(with.get("java-version"))).isEqualTo("21");

        String install = (String) steps.get(promtool).get("run");
        assertThat(install).contains("apt-get update").containsPattern("apt-get install -y .*\\bprometheus\\b")
                .contains("promtool --version");

        // The test step is .ci/run and nothing else, so that GitHub runs exactly what the project's CI runs.
        assertThat(((String) steps.get(test).get("run")).strip()).isEqualTo("bash .ci/run");
        assertThat(steps.get(test)).doesNotContainKey("continue-on-error");
    }

    @Test
    void onFailureItUploadsPulpoUpsLogsAndTheTestReports() {
        List<Map<String, Object>> steps = steps(map(map(workflow.get("jobs")).values().iterator().next()));
        Map<String, Object> upload = steps.get(indexOfUses(steps, "actions/upload-artifact@"));
        assertThat(upload.get("if")).isEqualTo("failure()");
        Map<String, Object> with = map(upload.get("with"));
        assertThat(((String) with.get("path")).lines().map(String::strip).toList()).contains(
                ".pulpo/smoke-test/logs/", ".pulpo/logs/", "**/target/surefire-reports/", "**/target/failsafe-reports/");
        // .pulpo is hidden: upload-artifact (v4.4 on) skips hidden paths unless told otherwise.
        assertThat(with.get("include-hidden-files")).isEqualTo(true);
    }

    @Test
    void ciRunRunsTheReadmesTestCommandWhichEndsWithTheSmokeTestAgainstPulpoUp() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        assertThat(readme).contains("./pulpo test    # run every test");

        String ciRun = Files.readString(REPO.resolve(".ci/run"));
        assertThat(ciRun).containsPattern("(?m)^exec \\./pulpo test$").contains("PULPO_REQUIRE_PROMTOOL=1");

        // ./pulpo test: the suite, the observability checks, then the smoke test against ./pulpo up, last.
        String launcher = Files.readString(REPO.resolve("pulpo"));
        String testBranch = launcher.substring(launcher.indexOf("if [ \"${1:-}\" = \"test\" ]; then"));
        testBranch = testBranch.substring(0, testBranch.indexOf("\nfi\n"));
        assertThat(testBranch).containsSubsequence("mvnw\" -B verify", ".ci/observability-checks.sh",
                "exec \"$ROOT/ops/smoke/against-pulpo-up.sh\"");

        Path smoke = REPO.resolve("ops/smoke/against-pulpo-up.sh");
        assertThat(Files.isExecutable(smoke)).as("%s is executable", smoke).isTrue();
        assertThat(Files.readString(smoke)).contains("ops/smoke/smoke_test.sh --wait 120", "'Passed: 6'",
                "trap on_exit EXIT");
    }

    private static int indexOfUses(List<Map<String, Object>> steps, String action) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).get("uses") instanceof String uses && uses.startsWith(action)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfRun(List<Map<String, Object>> steps, String command) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).get("run") instanceof String run && run.contains(command)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        assertThat(job.get("steps")).isInstanceOf(List.class);
        return (List<Map<String, Object>>) job.get("steps");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        // GitHub refuses a key written twice; so does this reader.
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options)).load(Files.readString(file));
    }
}
