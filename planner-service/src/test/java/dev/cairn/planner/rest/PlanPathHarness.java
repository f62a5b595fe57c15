package dev.cairn.planner.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Json;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.messaging.CaughtUpProgress;
import dev.cairn.planner.service.PlanResult;
import dev.cairn.planner.service.PlanService;
import dev.cairn.planner.service.ViewGate;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewUpdate;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Not a test: a measuring tool for the plan path in one JVM, without HTTP. It builds the bench's view (K keys
 * {@code m0..m(K-1)}, 30% without a level, 30% {@code metashape}, 40% {@code postprocess}) and the bench's body (N
 * names, half known, half new, {@code skip_if_complete=postprocess}), then times, in CPU time of the calling thread,
 * {@link PlanRequestReader}, {@link PlanService} (validation, lookups, decisions) and {@link PlanResponseWriter} (to
 * a discarding stream): the first (cold) call, then the median of R warm rounds.
 *
 * <pre>
 * ./mvnw -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -pl planner-service -am
 * cd planner-service &amp;&amp; java -Xmx3g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.cairn.planner.rest.PlanPathHarness 1000000 100000 200
 * </pre>
 */
public final class PlanPathHarness {

    private PlanPathHarness() {}

    public static void main(String[] args) throws java.io.IOException {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int names = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Random random = new Random(7);
        CompletionView view = view(keys, random);
        byte[] body = body(names, keys, random);
        PlanService plans = new PlanService(view, new ViewGate(CaughtUpProgress.create(), view, null, null));
        ObjectMapper mapper = Json.configure(new ObjectMapper());
        PlanRequestReader reader =
                new PlanRequestReader(mapper.getFactory(), PlanRequestReaderTest.limits(16 << 20, 1_000_000));
        PlanResponseWriter writer = new PlanResponseWriter(mapper.getFactory());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[][] ns = new long[3][rounds + 1];
        long bytes = 0;
        for (int r = 0; r <= rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            PlanRequestReader.PlanRequest request = reader.read(new ByteArrayInputStream(body));
            long t1 = cpu.getCurrentThreadCpuTime();
            PlanResult result = plans.plan(
                    request.pipeline(), request.configId(), request.skipIfComplete(), request.projects(), false);
            long t2 = cpu.getCurrentThreadCpuTime();
            Counting out = new Counting();
            writer.write(result, out);
            long t3 = cpu.getCurrentThreadCpuTime();
            ns[0][r] = t1 - t0;
            ns[1][r] = t2 - t1;
            ns[2][r] = t3 - t2;
            bytes = out.count;
        }
        System.out.printf(
                "keys %,d names %,d body %,d B answer %,d B rounds %d%n", keys, names, body.length, bytes, rounds);
        String[] phases = {"read", "plan", "write"};
        long coldTotal = 0;
        long warmTotal = 0;
        for (int p = 0; p < 3; p++) {
            long[] warm = Arrays.copyOfRange(ns[p], 1, rounds + 1);
            Arrays.sort(warm);
            coldTotal += ns[p][0];
            warmTotal += warm[rounds / 2];
            System.out.printf(
                    "%-6s cold %7.2f ms  warm p50 %6.2f ms  min %6.2f ms%n",
                    phases[p], ns[p][0] / 1e6, warm[rounds / 2] / 1e6, warm[0] / 1e6);
        }
        StringBuilder first = new StringBuilder("first 22 calls, ms:");
        for (int r = 0; r < Math.min(22, rounds + 1); r++) {
            first.append(String.format(" %.1f", (ns[0][r] + ns[1][r] + ns[2][r]) / 1e6));
        }
        System.out.println(first);
        System.out.printf(
                "total  cold %7.2f ms  warm p50 %6.2f ms (sum of medians)%n", coldTotal / 1e6, warmTotal / 1e6);
    }

    private static CompletionView view(int keys, Random random) {
        CompletionView view = new CompletionView();
        Instant t = Instant.parse("2026-02-01T00:00:00Z");
        List<ViewUpdate> batch = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            int r = random.nextInt(10);
            String level = r < 3 ? null : r < 6 ? "metashape" : "postprocess";
            batch.add(ViewUpdate.of(CompletionFixtures.state(
                    "photogrammetry",
                    "m" + i,
                    "default",
                    CompletionFixtures.SEED_STAGES,
                    level,
                    1,
                    t.plusSeconds(i),
                    "w")));
            if (batch.size() == 5000) {
                view.apply(batch);
                batch.clear();
            }
        }
        view.apply(batch);
        return view;
    }

    private static byte[] body(int names, int keys, Random random) {
        StringBuilder b = new StringBuilder(
                "{\"pipeline\": \"photogrammetry\", \"config_id\": \"default\", \"skip_if_complete\": \"postprocess\", "
                        + "\"projects\": [");
        for (int i = 0; i < names; i++) {
            b.append(i == 0 ? "\"" : ", \"")
                    .append(i % 2 == 0 ? "m" + random.nextInt(keys) : "new_" + i)
                    .append('"');
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
