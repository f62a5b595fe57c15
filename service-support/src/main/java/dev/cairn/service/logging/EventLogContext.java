package dev.cairn.service.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * The event a thread is working on, in the logging MDC as {@code event_id}, {@code run_id}, {@code pipeline} and
 * {@code project} (the JSON log format writes them under {@code mdc}): open it around the work on one event with
 * try-with-resources; closing restores what the fields held before. Null values leave a field out.
 */
public final class EventLogContext implements AutoCloseable {

    public static final String EVENT_ID = "event_id";
    public static final String RUN_ID = "run_id";
    public static final String PIPELINE = "pipeline";
    public static final String PROJECT = "project";

    private final Map<String, Object> previous = new LinkedHashMap<>();

    private EventLogContext(Map<String, String> fields) {
        fields.forEach((k, v) -> {
            previous.put(k, MDC.get(k));
            set(k, v);
        });
    }

    /** Puts the four fields of one event (any may be null) until {@link #close()}. */
    public static EventLogContext of(String eventId, String runId, String pipeline, String project) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(EVENT_ID, eventId);
        fields.put(RUN_ID, runId);
        fields.put(PIPELINE, pipeline);
        fields.put(PROJECT, project);
        return new EventLogContext(fields);
    }

    @Override
    public void close() {
        previous.forEach(EventLogContext::set);
    }

    private static void set(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
