package io.custos.server.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.server.main.CustosServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Requests to a server's admin endpoint through the JDK's HttpClient, and readers of its answers. */
final class AdminHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One sample line of text format 0.0.4: name, optional labels, value (no timestamps here). */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)");

    record Answer(int status, String contentType, String allow, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    private AdminHttp() {
    }

    static Answer get(CustosServer server, String path) throws IOException, InterruptedException {
        return send(server, "GET", path);
    }

    static Answer send(CustosServer server, String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Allow").orElse(""), response.body());
    }

    /**
     * Every sample of a /metrics answer, keyed by name and labels as written; fails on a line that is
     * neither a comment nor a sample.
     */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a text format 0.0.4 sample: " + line);
            samples.put(sample.group(1), value(sample.group(2)));
        }
        return samples;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The samples of {@code name} that carry labels, keyed by their labels: {@code {follower="2"}}. */
    static Map<String, Double> series(Map<String, Double> samples, String name) {
        Map<String, Double> series = new LinkedHashMap<>();
        samples.forEach((key, value) -> {
            if (key.startsWith(name + "{")) {
                series.put(key.substring(name.length()), value);
            }
        });
        return series;
    }
}
