package org.pointsledger.api.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API keys' configuration and the rate limits' buckets, which read the system ticker. */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    @Bean
    RateLimits rateLimits() {
        return new RateLimits(System::nanoTime);
    }
}
