package org.pointsledger.api.configuration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import org.pointsledger.domain.account.Points;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The wire format: amounts as plain JSON numbers, no trailing zeros, never an exponent. */
@Configuration
class JsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer ledgerJson() {
        SimpleModule amounts = new SimpleModule("ledger-amounts");
        amounts.addSerializer(BigDecimal.class, new JsonSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator generator,
                                  SerializerProvider provider) throws IOException {
                generator.writeNumber(Points.canonical(value).toPlainString());
            }
        });
        return builder -> builder.modulesToInstall(amounts);
    }
}
