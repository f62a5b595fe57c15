package dev.cairn.service.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a resource method (or every method of a resource class) requires. Without it, {@code GET}/{@code HEAD}
 * need {@link Scope#READ} and every other method {@link Scope#ADMIN}, so a forgotten annotation fails closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {
    Scope value();
}
