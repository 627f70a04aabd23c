package dev.pulpo.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Every service answers its errors as JSON: Tomcat's own refusals ({@link TomcatJsonErrors}), errors answered
 * without a body ({@link EmptyErrorBodyFilter}) and {@code /error} ({@link JsonErrorController}, unless the
 * service has an error controller of its own). Runs before Boot's error handling, which then backs off.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
public class PulpoWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TomcatJsonErrors tomcatJsonErrors() {
        return new TomcatJsonErrors();
    }

    @Bean
    @ConditionalOnMissingBean(name = "emptyErrorBodyFilter")
    FilterRegistrationBean<EmptyErrorBodyFilter> emptyErrorBodyFilter() {
        FilterRegistrationBean<EmptyErrorBodyFilter> registration = new FilterRegistrationBean<>(
                new EmptyErrorBodyFilter());
        // Near the front, so it sees the final status of whatever comes after it.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    JsonErrorController jsonErrorController() {
        return new JsonErrorController();
    }
}
