package dev.pulpo.outbound.twilio;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Twilio's own OpenAPI description of its 2010-04-01 API, when the checkout has it beside the repository
 * ({@code ../shared/contracts/twilio_api_v2010.json}); the project never needs it to build or run.
 */
public final class TwilioOpenApi {
    static final String CONTRACT = "shared/contracts/twilio_api_v2010.json";

    private final OpenApiInteractionValidator validator;

    private TwilioOpenApi(Path contract) {
        this.validator = OpenApiInteractionValidator.createForSpecificationUrl(contract.toUri().toString()).build();
    }

    /** The contract beside the repository root, found by walking up from the working directory. */
    public static Optional<Path> locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            boolean repositoryRoot = Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("schemas"));
            if (repositoryRoot) {
                Path contract = dir.resolve("..").resolve(CONTRACT).normalize();
                return Files.isRegularFile(contract) ? Optional.of(contract) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static TwilioOpenApi load(Path contract) {
        return new TwilioOpenApi(contract);
    }

    /** What the contract says of a request as the fake Twilio received it; empty when it conforms. */
    public ValidationReport check(LoggedRequest logged) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(logged.getMethod().getName()),
                java.net.URI.create(logged.getUrl()).getRawPath());
        for (HttpHeader header : logged.getHeaders().all()) {
            request.withHeader(header.key(), header.values());
        }
        if (!logged.getBodyAsString().isEmpty()) {
            request.withBody(logged.getBodyAsString());
        }
        return validator.validateRequest(request.build());
    }
}
