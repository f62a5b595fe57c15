package dev.cairn.cli;

import java.util.Map;

/**
 * The libraries' logs (Kafka, AWS SDK, Netty) through slf4j-simple on stderr, quiet by default: a command's own
 * output is what a pipeline step reads. {@code CAIRN_LOG_LEVEL=info|debug} shows them; {@code CAIRN_DEBUG=true} also
 * prints stack traces.
 */
final class Logging {

    private Logging() {}

    static void configure(Map<String, String> env) {
        String level = env.getOrDefault("CAIRN_LOG_LEVEL", debug(env) ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }

    static boolean debug(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.get("CAIRN_DEBUG"));
    }
}
