package dev.cairn.cli.config;

import dev.cairn.cli.CliException;
import java.net.URI;
import java.time.Duration;

/** The resolved connection settings of one command. */
public record Connection(
        ConfigFile file, Setting ledger, Setting planner, Setting token, Setting kafka, Duration retryFor) {

    public URI ledgerUrl() {
        return url(ledger);
    }

    public URI plannerUrl() {
        return url(planner);
    }

    public String kafkaBootstrapServers() {
        return kafka.require(file);
    }

    /** The token, or null when none is set (a service with auth disabled). */
    public String tokenOrNull() {
        return token.value();
    }

    private URI url(Setting s) {
        String value = s.require(file);
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw CliException.usage(s.flag(), "'" + value + "' is not an http(s) URL such as http://localhost:8081");
        }
    }
}
