package org.pointsledger.domain.account;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name and revision an event is stored under, forever.
 *
 * <p>Events outlive their classes: renaming or moving a class must not change what is in the
 * event store. Changing the shape of an event means a new revision and an upcaster.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StoredEvent {

    String name();

    String revision();
}
