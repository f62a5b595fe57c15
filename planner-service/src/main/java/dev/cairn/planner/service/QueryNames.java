package dev.cairn.planner.service;

import dev.cairn.contracts.Names;
import dev.cairn.service.error.InvalidRequestException;

/** The name rule applied to the fields of a plan request body, with a 400 naming the field. */
final class QueryNames {

    private QueryNames() {}

    static String require(String field, String value) {
        Names.problem(value).ifPresent(reason -> {
            throw new InvalidRequestException(field + " " + reason);
        });
        return value;
    }

    /** {@code config_id}, {@code default} when absent. */
    static String configId(String value) {
        return value == null ? Names.DEFAULT_CONFIG_ID : require("config_id", value);
    }
}
