package dev.cairn.service.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The value is a valid Cairn name (pipeline, project, config_id, stage, run_id) by {@link dev.cairn.contracts.Names}; the
 * violation's message is that rule's reason ("contains '/'", "is 201 characters long", ...). {@code null} is valid, as
 * in every Bean Validation constraint: add {@code @NotNull} where the value is required.
 */
@Documented
@Constraint(validatedBy = CairnNameValidator.class)
@Target({PARAMETER, FIELD, METHOD, TYPE_USE})
@Retention(RUNTIME)
public @interface CairnName {

    String message() default "is not a valid name";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
