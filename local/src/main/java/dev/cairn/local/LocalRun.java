package dev.cairn.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local}: starts the devstack and the four services, prints where everything is, runs the demo and
 * keeps running until Ctrl-C, then stops every process it started.
 */
public final class LocalRun {

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        boolean demo = !java.util.Arrays.asList(args).contains("--no-demo");
        boolean exitAfterDemo = java.util.Arrays.asList(args).contains("--exit-after-demo");
        Path repo = CairnCluster.findRepo(Path.of(""));
        CairnCluster.Options options = CairnCluster.Options.local(repo);
        long t0 = System.nanoTime();
        CairnCluster cluster = CairnCluster.start(
                repo, options, line -> System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println(
                                    "\nStopping the services, then Kafka, S3 and the database connections...");
                            cluster.close();
                            System.out.println("Everything stopped.");
                            stopped.countDown();
                        },
                        "cairn-local-stop"));

        System.out.printf("%nCairn is up (%.1f s).%n%n", (System.nanoTime() - t0) / 1e9);
        for (CairnCluster.Service s : CairnCluster.Service.values()) {
            String url = cluster.url(s);
            System.out.printf(
                    "  %-18s %s   swagger %s/q/swagger-ui   health %s/q/health   logs %s%n",
                    s.module,
                    url,
                    url,
                    url,
                    repo.relativize(cluster.app(s).log().toAbsolutePath()));
        }
        System.out.println("\n  Dashboard: " + cluster.url(CairnCluster.Service.PLANNER)
                + "/ui/   (sign in with the token below)");
        System.out.println("\n  Every /api call needs: Authorization: Bearer " + cluster.token());
        System.out.println("\n  Connection settings (paste into a shell to use kcat, aws, psql or the seed scripts):");
        cluster.settings().exportLines().forEach(l -> System.out.println("    " + l));
        System.out.println("    export CAIRN_TOKEN='" + cluster.token() + "'");
        System.out.println("    export CAIRN_LEDGER_URL='" + cluster.url(CairnCluster.Service.LEDGER) + "'");
        System.out.println("    export CAIRN_PLANNER_URL='" + cluster.url(CairnCluster.Service.PLANNER) + "'");
        System.out.println("    export PATH=\"" + repo.resolve("cli/bin") + ":$PATH\"   # the cairn command (cli/)");

        int failures = 0;
        if (demo) {
            failures = new Demo(cluster, System.out).run();
        }
        if (exitAfterDemo) {
            System.exit(failures == 0 ? 0 : 1);
        }
        System.out.println("\nCairn keeps running. Press Ctrl-C to stop everything.");
        stopped.await();
    }
}
