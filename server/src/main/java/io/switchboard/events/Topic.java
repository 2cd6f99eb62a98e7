package io.switchboard.events;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Observes a topic or pattern's messages as CDI events, inside the hub's own deployment:
 * <pre>{@code
 * void shipped(@Observes @Topic("orders.>") ServerFrame.Message message) { ... }
 * }</pre>
 * The value is an exact topic or a pattern with the wildcards of subscriptions ({@code *}, a final {@code >}).
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface Topic {

    String value();

    /** The qualifier as a value, to fire events with. */
    final class Literal extends AnnotationLiteral<Topic> implements Topic {

        private static final long serialVersionUID = 1L;

        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        public static Literal of(String value) {
            return new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
