package dev.cairn.contracts;

import java.util.Optional;

/**
 * The {@code event_id} rule, in one place: 1 to 128 characters of {@code A-Z a-z 0-9 . _ : -} ({@link #REGEX}, the
 * pattern the StageEvent schema spells, checked by a test). Checked character by character: no regex on the hot path.
 */
public final class EventIds {

    public static final String REGEX = "^[A-Za-z0-9._:-]{1,128}$";
    public static final int MAX_LENGTH = 128;

    private EventIds() {}

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A readable reason why {@code id} breaks the rule, or empty when it is valid. */
    public static Optional<String> problem(String id) {
        if (id == null) {
            return Optional.of("is missing");
        }
        if (id.isEmpty()) {
            return Optional.of("is empty");
        }
        if (id.length() > MAX_LENGTH) {
            return Optional.of("is " + id.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        return isValid(id)
                ? Optional.empty()
                : Optional.of("may contain only A-Z, a-z, 0-9, '.', '_', ':' and '-' (pattern " + REGEX + ")");
    }
}
