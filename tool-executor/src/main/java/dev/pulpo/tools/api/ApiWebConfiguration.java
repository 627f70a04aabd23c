package dev.pulpo.tools.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the access check in front of the appointments read API. */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {
    private final ApiKeyView keys;
    private final AccessSettings settings;

    ApiWebConfiguration(ApiKeyView keys, AccessSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AppointmentsAccess(keys, settings)).addPathPatterns("/workspaces/**");
    }
}
