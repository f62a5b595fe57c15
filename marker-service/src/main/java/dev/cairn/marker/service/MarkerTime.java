package dev.cairn.marker.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

/** The time and id formats of the markers document. */
public final class MarkerTime {

    private static final DateTimeFormatter FOLDER =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PYTHON =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private MarkerTime() {}

    /** {@code 20250912_143022}: the folder name, in UTC. */
    public static String folderTimestamp(Instant instant) {
        return FOLDER.format(instant);
    }

    /** The instant of a {@code yyyyMMdd_HHmmss} folder timestamp (UTC); empty when it is no valid date and time. */
    public static Optional<Instant> parseFolderTimestamp(String timestamp) {
        try {
            return Optional.of(LocalDateTime.parse(timestamp, FOLDER).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code 2025-09-12T14:30:22Z}: the text marker's {@code Timestamp:} line. */
    public static String isoSeconds(Instant instant) {
        return SECONDS.format(instant);
    }

    /**
     * {@code 2025-09-12T14:30:22.135401+00:00}: what Python's {@code datetime.isoformat()} writes for an aware UTC
     * time (microseconds, none when zero), as in the document's JSON, so Python readers parse it on any version.
     */
    public static String pythonIso(Instant instant) {
        int micros = instant.getNano() / 1000;
        return PYTHON.format(instant) + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
    }

    /** The first 8 hex digits of the SHA-256 of {@code eventId}: the execution id's suffix. */
    public static String eventHash(String eventId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
