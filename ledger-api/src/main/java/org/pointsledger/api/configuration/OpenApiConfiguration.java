package org.pointsledger.api.configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at /v3/api-docs and its browsable UI at /swagger-ui.html. Every
 * operation takes an API key, in the {@code apikey} header or as a bearer token.
 */
@Configuration
class OpenApiConfiguration {

    static final String API_KEY_SCHEME = "apikey";
    static final String BEARER_SCHEME = "bearer";

    @Bean
    OpenAPI ledgerOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Points ledger: points API v3")
                .version("v3")
                .description("Loyalty point accounts, transactions and definitions of an"
                        + " event-sourced ledger. Errors answer application/problem+json.")
                .license(new License().name("Open source")))
                .components(new Components()
                        .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                                .name("apikey").description("An API key with the scope the"
                                        + " operation needs: points:read, points:write or"
                                        + " admin."))
                        .addSecuritySchemes(BEARER_SCHEME, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The same API key as Authorization: Bearer.")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
    }
}
