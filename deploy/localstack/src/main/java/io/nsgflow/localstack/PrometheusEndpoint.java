package io.nsgflow.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP endpoint of Flink's Prometheus reporter in one process of the local session cluster
 * (the reporter jar, {@code flink-metrics-prometheus}, is on the cluster classpath that
 * deploy/flink-dist copies), and a reader of what it serves: Prometheus' text exposition format.
 */
public final class PrometheusEndpoint {

    /** The reporter's name in the configuration: {@code metrics.reporter.prom.*}. */
    static final String REPORTER = "prom";

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final int port;

    PrometheusEndpoint(int port) {
        this.port = port;
    }

    /** The lines of config.yaml that enable the reporter; each process's port is set on its own command line. */
    static List<String> configLines() {
        return List.of("metrics.reporter." + REPORTER + ".factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    }

    /** The dynamic properties ({@code -D key=value}) that put this endpoint's reporter on its port. */
    List<String> dynamicProperties() {
        return List.of("-D", "metrics.reporter." + REPORTER + ".port=" + port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port + "/";
    }

    /** One sample: a metric name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    /** Every sample the endpoint serves now. */
    public List<Sample> scrape() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LocalStackException("Prometheus endpoint " + url() + " answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new LocalStackException("cannot scrape " + url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while scraping " + url(), e);
        }
    }

    /** Parses Prometheus' text exposition format (comments and blank lines skipped). */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                throw new LocalStackException("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
                }
            }
            samples.add(new Sample(m.group(1), Map.copyOf(labels), Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    @Override
    public String toString() {
        return "Prometheus endpoint " + url();
    }
}
