package dev.cairn.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads one value from a service's Prometheus endpoint ({@code /q/metrics}). */
public final class Metrics {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Metrics() {}

    /**
     * The sum of every sample of {@code name} whose label text contains {@code labelFilter} (empty = all), or NaN when the
     * service does not answer.
     */
    public static double value(String baseUrl, String name, String labelFilter) {
        try {
            double sum = 0;
            boolean found = false;
            for (String line : scrape(baseUrl)) {
                if (line.startsWith(name)
                        && (line.length() > name.length())
                        && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')
                        && line.contains(labelFilter)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? sum : 0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /**
     * The {@code q} quantile of the histogram {@code name} (a timer in seconds: its {@code name_bucket} samples) over
     * the buckets whose labels contain {@code labelFilter}, interpolated inside the bucket as Prometheus'
     * {@code histogram_quantile} does; NaN when the service does not answer or nothing was recorded.
     */
    public static double quantile(String baseUrl, String name, String labelFilter, double q) {
        java.util.TreeMap<Double, Double> cumulative = new java.util.TreeMap<>();
        try {
            String prefix = name + "_bucket{";
            for (String line : scrape(baseUrl)) {
                if (line.startsWith(prefix) && line.contains(labelFilter)) {
                    int le = line.indexOf("le=\"") + 4;
                    String bound = line.substring(le, line.indexOf('"', le));
                    double upper = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                    cumulative.merge(upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() == 0) {
            return Double.NaN;
        }
        double rank = q * cumulative.lastEntry().getValue();
        double lower = 0;
        double below = 0;
        for (var bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lower;
                }
                double inBucket = bucket.getValue() - below;
                return lower + (bucket.getKey() - lower) * (inBucket == 0 ? 1 : (rank - below) / inBucket);
            }
            lower = bucket.getKey();
            below = bucket.getValue();
        }
        return lower;
    }

    private static String[] scrape(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().split("\n");
    }
}
