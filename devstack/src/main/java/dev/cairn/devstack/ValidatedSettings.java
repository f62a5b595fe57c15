package dev.cairn.devstack;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * A service's {@code @ConfigMapping} read from properties, checked by Bean Validation as Quarkus checks every mapping
 * at start-up: for tests that need settings (or their refusals) without starting the service.
 */
public final class ValidatedSettings {

    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    private ValidatedSettings() {}

    /** The mapping {@code type} of {@code properties}; throws (naming the setting) when they break its constraints. */
    public static <T> T of(Class<T> type, Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(type)
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .withConverter(Duration.class, 200, new DurationConverter()) // as Quarkus does: "1h", "100ms"
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(type);
    }

    /** The message with which Quarkus would refuse to start on {@code properties}; fails when they are accepted. */
    public static String refusal(Class<?> type, Map<String, String> properties) {
        try {
            of(type, properties);
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError(properties + " was accepted by " + type.getSimpleName());
    }
}
