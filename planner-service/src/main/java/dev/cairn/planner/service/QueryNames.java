package dev.cairn.planner.service;

import dev.cairn.contracts.Names;
import dev.cairn.service.ApiException;

/** The DESIGN §2 name rule applied to query fields, with a 400 naming the field. */
final class QueryNames {

    private QueryNames() {}

    static String require(String field, String value) {
        Names.problem(value).ifPresent(reason -> {
            throw ApiException.badRequest(field + " " + reason);
        });
        return value;
    }

    /** {@code config_id}, {@code default} when absent. */
    static String configId(String value) {
        return value == null ? Names.DEFAULT_CONFIG_ID : require("config_id", value);
    }
}
