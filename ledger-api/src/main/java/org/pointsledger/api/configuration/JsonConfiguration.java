package org.pointsledger.api.configuration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.pointsledger.domain.account.Points;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The wire format: amounts as plain JSON numbers, no trailing zeros, never an exponent. Reading
 * is strict: every value must have the JSON type its field documents (no "12" for 12, no 1.5
 * for a whole number, no 12 for a string or a timestamp), a key may appear once per object,
 * and documents are shallow and their numbers short. Unknown fields are still ignored.
 */
@Configuration
class JsonConfiguration {

    /** The API's documents are three levels deep at most; far deeper is an attack. */
    static final int NESTING_DEPTH_MAX = 64;
    /** Digits of one JSON number: an amount needs about 17, so 100 leaves room for zeros. */
    static final int NUMBER_LENGTH_MAX = 100;

    @Bean
    Jackson2ObjectMapperBuilderCustomizer ledgerJson() {
        SimpleModule wire = new SimpleModule("ledger-wire");
        wire.addSerializer(BigDecimal.class, new JsonSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator generator,
                                  SerializerProvider provider) throws IOException {
                generator.writeNumber(Points.canonical(value).toPlainString());
            }
        });
        wire.addDeserializer(OffsetDateTime.class, new TextOnlyOffsetDateTime());
        return builder -> builder.modulesToInstall(wire)
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .postConfigurer(mapper -> {
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(NESTING_DEPTH_MAX)
                            .maxNumberLength(NUMBER_LENGTH_MAX).build());
                });
    }

    /** A timestamp is an ISO-8601 string with an offset; a JSON number is not taken as one. */
    private static final class TextOnlyOffsetDateTime
            extends StdScalarDeserializer<OffsetDateTime> {

        TextOnlyOffsetDateTime() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class,
                        parser);
            }
            return InstantDeserializer.OFFSET_DATE_TIME.deserialize(parser, context);
        }
    }
}
