package dev.pulpo.ops.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;
import org.yaml.snakeyaml.Yaml;

/**
 * One log event is one line, whatever its message holds: a customer's text or a model's answer with a line break
 * (CR, LF, U+2028, U+2029, U+0085, VT, FF) cannot forge a line that looks like the system's. Checked on both ways
 * the services log: alone, by the pattern of their {@code <service>.yml}, and all in one JVM ({@code ./pulpo}), by
 * the launcher's logback files.
 */
class LogLinesTest {
    /** What an attacker would send: a line break, then what looks like a line of the gateway's. */
    private static final String FORGED = "hola\r\n2026-01-01T00:00:00.000Z  INFO admin logged in\u2028x\u2029y\u0085z"
            + "\u000Bv\u000Cf\nend";

    @TempDir
    Path logs;

    @ParameterizedTest
    @ValueSource(strings = {"ingress-gateway.yml", "orchestrator-stream.yml", "tool-executor.yml",
            "outbound-sender.yml"})
    void aServiceRunningAloneWritesAMessageWithLineBreaksOnOneLine(String config) throws Exception {
        // Given the console pattern the service's yml gives Spring Boot
        String pattern = consolePattern(config);
        LoggerContext context = new LoggerContext();
        context.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY,
                new java.util.HashMap<>(Map.of("wEx", ExtendedWhitespaceThrowableProxyConverter.class.getName())));
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();

        // When a message with every kind of line break is logged
        String line = layout.doLayout(event(context));

        // Then it is one line, the breaks written as \n
        assertOneLine(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pulpo-up-logback.xml", "pulpo-replay-logback.xml", "pulpo-export-logback.xml",
            "logback.xml"})
    void theLauncherWritesAMessageWithLineBreaksOnOneLineInEveryAppender(String config) throws Exception {
        // Given the launcher's logging, as LogSetup configures it, writing its files to a temporary folder
        LoggerContext context = new LoggerContext();
        context.putProperty("PULPO_LOG_DIR", logs.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getClassLoader().getResource(config));

        // When a message with every kind of line break is laid out by each appender
        List<String> lines = new ArrayList<>();
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
                        && appender.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder) {
                    lines.add(encoder.getLayout().doLayout(event(context)));
                }
            }
        }
        context.stop();

        // Then each is one line
        assertThat(lines).isNotEmpty().allSatisfy(LogLinesTest::assertOneLine);
    }

    private static void assertOneLine(String line) {
        assertThat(line).as(line).endsWith(System.lineSeparator().equals("\r\n") ? "\r\n" : "\n");
        String body = line.stripTrailing();
        assertThat(body).as(body).doesNotContain("\r", "\n", "\u2028", "\u2029", "\u0085", "\u000B", "\u000C");
        assertThat(body).contains("hola\\n2026-01-01T00:00:00.000Z  INFO admin logged in\\nx\\ny\\nz\\nv\\nf\\nend");
    }

    private static ILoggingEvent event(LoggerContext context) {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("dev.pulpo.gateway.Test"), Level.WARN,
                "message from {}: {}", null, new Object[] {"+549***", FORGED});
        event.setThreadName("main");
        return event;
    }

    @SuppressWarnings("unchecked")
    private String consolePattern(String config) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(config)) {
            assertThat(in).as(config + " on the class path").isNotNull();
            Map<String, Object> yaml = new Yaml().load(in);
            Map<String, Object> logging = (Map<String, Object>) yaml.get("logging");
            Map<String, Object> pattern = (Map<String, Object>) logging.get("pattern");
            return (String) pattern.get("console");
        }
    }
}
