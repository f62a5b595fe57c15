package dev.cairn.bootstrap.rest;

import dev.cairn.bootstrap.importlog.CompletionLogImporter;
import dev.cairn.bootstrap.importlog.ImportReport;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/**
 * {@code POST /api/v1/imports/completion-log?pipeline=...}: a seed-format completion log (JSON Lines) as the body, any
 * content type; at most 256 MiB ({@code cairn.http.route-body-limits}), read line by line; larger bodies get 413.
 */
@Path("/api/v1/imports/completion-log")
public class ImportResource {

    private final CompletionLogImporter importer;

    ImportResource(CompletionLogImporter importer) {
        this.importer = importer;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public ImportReport importLog(
            @QueryParam("pipeline") @NotNull(message = "is required") @CairnName String pipeline, InputStream body) {
        return importer.importLog(pipeline, body);
    }
}
