package dev.cairn.contracts;

import java.util.Optional;

/**
 * The name rule of every pipeline, project, config_id, stage and run_id, in one place.
 *
 * <p>{@code pipeline}, {@code project}, {@code config_id}, {@code stage} and {@code run_id} match
 * {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$}: no {@code /}, no {@code ..} segment, no glob characters,
 * no control characters, at most 200 characters. The one implementation of that rule: the schemas' {@code name}
 * pattern spells the same expression ({@link #REGEX}, checked by a test), and every service calls this class. Checked
 * character by character, so a trailing line break is rejected too (a {@code $} anchor alone would let {@code "x\n"}
 * through), and without allocation over a range of a {@code char[]} for the planner's hot path.
 */
public final class Names {

    public static final String REGEX = "^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$";
    public static final int MAX_LENGTH = 200;
    public static final String DEFAULT_CONFIG_ID = "default";

    private Names() {}

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !isAsciiAlphanumeric(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #isValid(String)} over {@code text[from, to)}, without making a String (the planner's hot path). */
    public static boolean isValid(char[] text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_LENGTH || !isAsciiAlphanumeric(text[from])) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            if (!isNameChar(text[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return isAsciiAlphanumeric(c) || c == '.' || c == '_' || c == '-';
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A readable reason why {@code name} breaks the rule, or empty when it is valid. */
    public static Optional<String> problem(String name) {
        if (name == null) {
            return Optional.of("is missing");
        }
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (isValid(name)) {
            return Optional.empty();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of("contains a control character (U+%04X) at position %d".formatted((int) c, i));
            }
        }
        if (name.indexOf('/') >= 0) {
            return Optional.of("contains '/', which would change the S3 key or Kafka key layout");
        }
        if (!Character.isLetterOrDigit(name.charAt(0)) || name.charAt(0) > 127) {
            return Optional.of("must start with a letter or digit (A-Z, a-z, 0-9)");
        }
        return Optional.of("may contain only A-Z, a-z, 0-9, '.', '_' and '-' (pattern " + REGEX + ")");
    }

    /** Returns {@code name} when valid, else throws with the field name and the reason. */
    public static String require(String field, String name) {
        problem(name).ifPresent(reason -> {
            throw new IllegalArgumentException(field + " " + reason);
        });
        return name;
    }
}
