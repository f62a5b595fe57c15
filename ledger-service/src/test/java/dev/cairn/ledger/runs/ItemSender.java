package dev.cairn.ledger.runs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The client of {@link RunCrashTest}, run in a child JVM that the test kills: sends the statuses of items
 * {@code 0..count-1} in order, {@code batch} lines per request, and prints {@code acked N} after each answered one.
 * Args: base URL, token, run id, count, batch.
 */
public final class ItemSender {

    private ItemSender() {}

    static String name(int i) {
        return String.format("photos/IMG_%05d.json", i);
    }

    static String status(int i) {
        return i % 50 == 7 ? "error" : "success";
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0] + "api/v1/runs/" + args[2] + "/items");
        int count = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newHttpClient();
        for (int from = 0; from < count; from += batch) {
            StringBuilder body = new StringBuilder();
            for (int i = from; i < Math.min(count, from + batch); i++) {
                body.append("{\"item\":\"")
                        .append(name(i))
                        .append("\",\"status\":\"")
                        .append(status(i))
                        .append("\",\"output\":\"out/")
                        .append(i)
                        .append(".jpg\"}\n");
            }
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + args[1])
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                System.out.println("failed " + answer.statusCode() + " " + answer.body());
                System.exit(2);
            }
            System.out.println("acked " + Math.min(count, from + batch));
        }
        System.out.println("done");
    }
}
