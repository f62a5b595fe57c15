package dev.cairn.ledger.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.config.LineageConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The ledger's one {@link RunEventMapper}, built at start-up from {@code cairn.ledger.lineage.*}: a bad rule stops
 * the service with the property's name. Shared by {@code POST /api/v1/lineage} and the {@code cairn.openlineage}
 * consumer, so that both map alike.
 */
@Singleton
@Startup
public class LineageIntake {

    private static final Logger LOG = Logger.getLogger(LineageIntake.class);

    private final RunEventMapper mapper;

    LineageIntake(LedgerConfig config) {
        LineageConfig lineage = config.lineage();
        LineageRules rules = new LineageRules(lineage.rules());
        this.mapper = new RunEventMapper(rules, new FacetAttributes(lineage.maxFacetBytes(), lineage.maxFacetsBytes()));
        LOG.infof("OpenLineage mapping: the 'cairn' run facet, then %d rule(s)", rules.size());
    }

    public Mapping map(byte[] payload) {
        return mapper.map(payload);
    }

    public Mapping map(JsonNode event) {
        return mapper.map(event);
    }
}
