package dev.cairn.contracts;

/** One thing wrong with a payload: the field it concerns (dotted path, {@code $} for the whole value) and why. */
public record Problem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
