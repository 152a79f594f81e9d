package io.nsgflow.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The few calls of Flink's REST API that submitting and watching a job needs. */
public final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED");

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public JsonNode overview() {
        return send(HttpRequest.newBuilder(uri("/overview")).GET());
    }

    /** POST /jars/upload (multipart); returns the jar id the cluster gave it. */
    public String uploadJar(Path jar) {
        String boundary = "nsgflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
                    + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        JsonNode answer = send(HttpRequest.newBuilder(uri("/jars/upload"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String filename = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || filename.isEmpty()) {
            throw new LocalStackException("jar upload refused: " + answer);
        }
        return Path.of(filename).getFileName().toString();
    }

    /** POST /jars/{id}/run with the main class's arguments; returns the job id. */
    public String runJar(String jarId, List<String> programArgs) {
        return runJar(jarId, programArgs, RunOptions.DEFAULTS);
    }

    /**
     * How a job is submitted beyond its arguments.
     *
     * @param parallelism   the job's default parallelism, or 0 for the cluster's
     * @param savepointPath the savepoint (or retained checkpoint) to start from, or null
     * @param configuration Flink options for this job only (e.g. {@code restart-strategy.type})
     */
    public record RunOptions(int parallelism, String savepointPath, Map<String, String> configuration) {
        public static final RunOptions DEFAULTS = new RunOptions(0, null, Map.of());

        public RunOptions {
            configuration = Map.copyOf(configuration);
        }

        public RunOptions withParallelism(int p) {
            return new RunOptions(p, savepointPath, configuration);
        }

        public RunOptions fromSavepoint(String path) {
            return new RunOptions(parallelism, path, configuration);
        }

        public RunOptions withConfiguration(Map<String, String> conf) {
            return new RunOptions(parallelism, savepointPath, conf);
        }
    }

    /** POST /jars/{id}/run with the main class's arguments and {@code options}; returns the job id. */
    public String runJar(String jarId, List<String> programArgs, RunOptions options) {
        ObjectNode request = JSON.createObjectNode();
        request.putArray("programArgsList").addAll(programArgs.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (options.parallelism() > 0) {
            request.put("parallelism", options.parallelism());
        }
        if (options.savepointPath() != null) {
            request.put("savepointPath", options.savepointPath());
        }
        if (!options.configuration().isEmpty()) {
            ObjectNode conf = request.putObject("flinkConfiguration");
            options.configuration().forEach(conf::put);
        }
        JsonNode answer = send(HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())));
        String jobId = answer.path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new LocalStackException("job not started: " + answer);
        }
        return jobId;
    }

    /**
     * POST /jobs/{id}/stop (stop-with-savepoint, without draining: the job can go on from the
     * savepoint), then waits for the savepoint and the job's end; returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, Path targetDirectory, Duration timeout) {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", targetDirectory.toUri().toString());
        request.put("drain", false);
        JsonNode trigger = send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())));
        String triggerId = trigger.path("request-id").asText();
        if (triggerId.isEmpty()) {
            throw new LocalStackException("stop-with-savepoint of " + jobId + " not accepted: " + trigger);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/savepoints/" + triggerId)).GET());
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new LocalStackException("stop-with-savepoint of " + jobId + " failed: " + operation);
                }
                String location = operation.path("location").asText();
                while (!TERMINAL.contains(jobState(jobId)) && System.nanoTime() < deadline) {
                    sleep();
                }
                return location;
            }
            sleep();
        }
        throw new LocalStackException("stop-with-savepoint of " + jobId + " not done within " + timeout);
    }

    public void deleteJar(String jarId) {
        send(HttpRequest.newBuilder(uri("/jars/" + jarId)).DELETE());
    }

    /** The job's state: CREATED, RUNNING, FINISHED, FAILED, CANCELED ... */
    public String jobState(String jobId) {
        return job(jobId).path("state").asText();
    }

    /** GET /jobs/{id}: the job's details, including its vertices and their states. */
    public JsonNode job(String jobId) {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId)).GET());
    }

    /** How many checkpoints of the job have completed (GET /jobs/{id}/checkpoints). */
    public long completedCheckpoints(String jobId) {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/checkpoints")).GET())
                .path("counts").path("completed").asLong();
    }

    /** GET /jobs/{id}/exceptions: the root cause when a job failed. */
    public JsonNode exceptions(String jobId) {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/exceptions")).GET());
    }

    /**
     * Waits until every task of the job is RUNNING (sources read, sinks write); fails early when
     * the job ends.
     */
    public void awaitAllTasksRunning(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = job(jobId);
            String state = job.path("state").asText();
            if (TERMINAL.contains(state)) {
                throw new LocalStackException("job " + jobId + " ended as " + state + ": " + exceptions(jobId));
            }
            JsonNode vertices = job.path("vertices");
            boolean allRunning = vertices.size() > 0;
            for (JsonNode vertex : vertices) {
                allRunning &= "RUNNING".equals(vertex.path("status").asText());
            }
            if (allRunning) {
                return;
            }
            sleep();
        }
        throw new LocalStackException("job " + jobId + " not running within " + timeout + ": " + job(jobId));
    }

    /** PATCH /jobs/{id}?mode=cancel, then waits for CANCELED. */
    public void cancel(String jobId, Duration timeout) {
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String state = jobState(jobId);
            if (TERMINAL.contains(state)) {
                return;
            }
            sleep();
        }
        throw new LocalStackException("job " + jobId + " not cancelled within " + timeout);
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new LocalStackException("Flink REST " + response.request().method() + " " + response.uri()
                        + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Flink REST call to " + baseUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }
}
