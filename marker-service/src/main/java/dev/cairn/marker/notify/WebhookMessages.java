package dev.cairn.marker.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.marker.config.MarkerConfig.WebhookFormat;
import dev.cairn.marker.service.MarkerFiles;
import java.util.Locale;

/**
 * The body of a webhook call: a Slack incoming-webhook message with the fields of the markers document's Slack
 * example (✅/❌, pipeline, table, duration, rows, files; a failure: pipeline, table, duration and the error), or the
 * MarkerWritten record as JSON.
 */
public final class WebhookMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WebhookMessages() {}

    public static String body(WebhookFormat format, MarkerWritten written, MarkerFiles.Summary summary) {
        try {
            return format == WebhookFormat.JSON
                    ? Json.mapper().writeValueAsString(written)
                    : Json.mapper().writeValueAsString(slack(written, summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the webhook message", e);
        }
    }

    static ObjectNode slack(MarkerWritten written, MarkerFiles.Summary summary) {
        ObjectNode message = NODES.objectNode();
        message.put("text", summary.failed() ? "❌ Sync Failed" : "✅ Sync Completed Successfully");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("color", summary.failed() ? "danger" : "good");
        ArrayNode fields = attachment.putArray("fields");
        field(fields, "Pipeline", written.pipeline());
        field(fields, "Table", written.project());
        field(fields, "Duration", String.format(Locale.ROOT, "%.1fs", summary.durationSeconds()));
        if (summary.failed()) {
            field(fields, "Error", summary.error());
        } else {
            field(fields, "Rows", String.format(Locale.ROOT, "%,d", summary.rows()));
            field(fields, "Files", Long.toString(summary.files()));
        }
        return message;
    }

    private static void field(ArrayNode fields, String title, String value) {
        fields.addObject().put("title", title).put("value", value).put("short", !"Error".equals(title));
    }
}
