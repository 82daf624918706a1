package org.pointsledger.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.pointsledger.domain.account.PointAccountEvent;
import org.pointsledger.domain.account.StoredEvent;

/**
 * Jackson for everything Axon stores: events, metadata, snapshots and tokens.
 *
 * <p>Axon's default XStream serializer cannot read Java records back, hence Jackson. Events
 * are stored under the name and revision of their {@link StoredEvent} annotation rather than
 * their class name, so classes can move without touching the event store. Fields are read
 * directly so that the aggregate itself can be snapshotted without getters.
 */
final class LedgerSerializer extends JacksonSerializer {

    private final Map<String, Class<?>> eventClassesByName = new HashMap<>();

    private LedgerSerializer(Builder builder) {
        super(builder);
        for (Class<?> type : PointAccountEvent.class.getPermittedSubclasses()) {
            StoredEvent stored = storedEvent(type);
            if (eventClassesByName.put(stored.name(), type) != null) {
                throw new IllegalStateException("two events stored as " + stored.name());
            }
        }
    }

    static LedgerSerializer create() {
        return new LedgerSerializer(JacksonSerializer.builder()
                .objectMapper(storageObjectMapper())
                .revisionResolver(type -> {
                    StoredEvent stored = type.getAnnotation(StoredEvent.class);
                    return stored == null ? null : stored.revision();
                }));
    }

    static ObjectMapper storageObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .build();
    }

    @Override
    public SerializedType typeForClass(Class type) {
        StoredEvent stored = type == null ? null : storedEvent(type);
        if (stored != null && eventClassesByName.get(stored.name()) == type) {
            return new SimpleSerializedType(stored.name(), stored.revision());
        }
        return super.typeForClass(type);
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        Class<?> eventClass = eventClassesByName.get(serializedType.getName());
        return eventClass != null ? eventClass.getName() : super.resolveClassName(serializedType);
    }

    private static StoredEvent storedEvent(Class<?> type) {
        return type.getAnnotation(StoredEvent.class);
    }
}
