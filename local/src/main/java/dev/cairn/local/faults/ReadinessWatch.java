package dev.cairn.local.faults;

import dev.cairn.local.CairnCluster;
import dev.cairn.local.CairnCluster.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Polls every service's {@code /q/health/ready} once a second; remembers which went DOWN while the fault lasted. */
final class ReadinessWatch {

    private final CairnCluster cluster;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<Service> downDuringFault = EnumSet.noneOf(Service.class);
    private final Map<Service, Boolean> last = new EnumMap<>(Service.class);
    private volatile boolean faulting;
    private volatile boolean running = true;
    private Thread thread;

    ReadinessWatch(CairnCluster cluster) {
        this.cluster = cluster;
    }

    void start() {
        thread = new Thread(this::loop, "readiness-watch");
        thread.setDaemon(true);
        thread.start();
    }

    void faultStarted() {
        faulting = true;
    }

    /** Keeps watching a little after the end of the fault: readiness may notice the fault late. */
    void faultEnded() {
        faulting = false;
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(5000);
    }

    synchronized boolean wentDown(Service s) {
        return downDuringFault.contains(s);
    }

    synchronized boolean allReady() {
        return last.size() == Service.values().length && last.values().stream().allMatch(b -> b);
    }

    synchronized String summary() {
        return "down during the fault: " + (downDuringFault.isEmpty() ? "none" : downDuringFault) + "; ready now: "
                + last;
    }

    private void loop() {
        while (running) {
            for (Service s : Service.values()) {
                boolean up = ready(s);
                synchronized (this) {
                    last.put(s, up);
                    if (!up && faulting) {
                        downDuringFault.add(s);
                    }
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean ready(Service s) {
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(cluster.url(s) + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
