package dev.cairn.planner.service;

import dev.cairn.contracts.Names;
import dev.cairn.service.ApiException;

/** The DESIGN §2 name rule applied to query fields, with a 400 naming the field; and a no-allocation check for names. */
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

    /** {@link Names#isValid} over {@code text[from, to)} without making a String (hot path of a plan). */
    static boolean isValid(char[] text, int from, int to) {
        int len = to - from;
        if (len < 1 || len > Names.MAX_LENGTH || !alnum(text[from])) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = text[i];
            if (!alnum(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
