package org.pointsledger.api.configuration;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs and its browsable UI at /swagger-ui.html. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI ledgerOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Points ledger: points API v3")
                .version("v3")
                .description("Loyalty point accounts, transactions and definitions of an"
                        + " event-sourced ledger. Errors answer application/problem+json.")
                .license(new License().name("Open source")));
    }
}
