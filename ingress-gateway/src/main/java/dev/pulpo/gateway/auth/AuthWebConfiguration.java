package dev.pulpo.gateway.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the API key check in front of every endpoint that acts for a customer or reads a customer's data. */
@Configuration(proxyBeanMethods = false)
class AuthWebConfiguration implements WebMvcConfigurer {
    private static final Logger log = LoggerFactory.getLogger(AuthWebConfiguration.class);
    /** Twilio's webhooks are signed instead; the admin API has its own token. */
    static final String[] KEYED_PATHS = {"/orchestrator/decide", "/chat", "/ingress/messages", "/outbound/**"};

    private final ApiKeyDirectory keys;
    private final AuthSettings settings;

    AuthWebConfiguration(ApiKeyDirectory keys, AuthSettings settings) {
        this.keys = keys;
        this.settings = settings;
        if (!settings.apiKeysRequired()) {
            log.warn("API keys are not required (PULPO_API_KEYS_REQUIRED=false): anyone who reaches this gateway "
                    + "can act as any customer of any workspace");
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiKeyInterceptor(keys, settings.apiKeysRequired())).addPathPatterns(KEYED_PATHS);
    }
}
