package dev.cairn.cli.command;

import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.client.LedgerApi;
import dev.cairn.cli.config.Connection;

/** The service clients of a command's connection settings. */
final class Clients {

    private Clients() {}

    static LedgerApi ledger(Connection c) {
        return new LedgerApi(new CairnHttp("ledger", c.ledgerUrl(), c.tokenOrNull(), c.retryFor()));
    }

    static CairnHttp planner(Connection c) {
        return new CairnHttp("planner", c.plannerUrl(), c.tokenOrNull(), c.retryFor());
    }
}
