package dev.pulpo.gateway.admin;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.schemas.admin.WorkspaceValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the admin token in front of every operator endpoint, and shares the workspace validator. */
@Configuration(proxyBeanMethods = false)
class AdminWebConfiguration implements WebMvcConfigurer {
    /** The operator's endpoints: everything under /admin, and the release of a handed-off conversation. */
    static final String[] ADMIN_PATHS = {"/admin", "/admin/**", "/conversations/*/release"};

    private final GatewaySettings settings;

    AdminWebConfiguration(GatewaySettings settings) {
        this.settings = settings;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminTokenInterceptor(settings.adminToken())).addPathPatterns(ADMIN_PATHS);
    }

    @Bean
    WorkspaceValidator workspaceValidator() {
        return new WorkspaceValidator();
    }
}
