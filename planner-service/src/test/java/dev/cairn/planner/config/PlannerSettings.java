package dev.cairn.planner.config;

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
 * {@link PlannerConfig} read from properties through the real {@code @ConfigMapping}, checked by Bean Validation as
 * Quarkus checks every mapping at start-up: for tests that need settings without starting the service.
 */
public final class PlannerSettings {

    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    private PlannerSettings() {}

    public static PlannerConfig of(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PlannerConfig.class)
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .withConverter(Duration.class, 200, new DurationConverter()) // as Quarkus does: "1h", "100ms"
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(PlannerConfig.class);
    }
}
