package dev.cairn.planner.rest;

import dev.cairn.planner.service.ViewStamp;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The headers every planner answer carries: {@code Cairn-As-Of}, {@code Cairn-View-Lag}, and one {@code Cairn-Warning} per warning. */
final class ViewHeaders {

    static final String AS_OF = "Cairn-As-Of";
    static final String LAG = "Cairn-View-Lag";
    static final String WARNING = "Cairn-Warning";

    private ViewHeaders() {}

    static Response.ResponseBuilder add(Response.ResponseBuilder b, ViewStamp stamp, List<String> warnings) {
        b.header(AS_OF, stamp.asOf() == null ? "none" : stamp.asOf().toString());
        b.header(LAG, stamp.lag());
        for (String w : warnings) {
            b.header(WARNING, w);
        }
        return b;
    }
}
