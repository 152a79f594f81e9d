package io.nsgflow.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A stand-in for Elasticsearch's bulk endpoint, for failures a real node cannot produce on demand
 * (a 503 for a whole request, a 429 for one item). Items are answered by a script: given the
 * document id and how many times it was sent before, the status to answer (201 = indexed).
 */
final class FakeBulkServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Integer> sends = new HashMap<>();
    /** index/id of every item answered 201, in order. */
    private final List<String> indexed = new ArrayList<>();
    private final Map<String, String> sources = new HashMap<>();
    private volatile int failWholeRequests;

    FakeBulkServer(BiFunction<String, Integer, Integer> itemStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                handle(exchange, itemStatus);
            } catch (RuntimeException e) {
                respond(exchange, 500, "{\"error\":{\"type\":\"fake_failure\",\"reason\":\"" + e + "\"},\"status\":500}");
            }
        });
        server.start();
    }

    /** The next {@code n} bulk requests fail as a whole with 503. */
    void failWholeRequests(int n) {
        failWholeRequests = n;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    /** How many times the document {@code index/id} was sent in a bulk request that was not refused as a whole. */
    synchronized int timesSent(String indexAndId) {
        return sends.getOrDefault(indexAndId, 0);
    }

    synchronized List<String> indexed() {
        return List.copyOf(indexed);
    }

    synchronized Map<String, String> sources() {
        return Map.copyOf(sources);
    }

    private void handle(HttpExchange exchange, BiFunction<String, Integer, Integer> itemStatus) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!exchange.getRequestURI().getPath().endsWith("/_bulk")) {
            respond(exchange, 200, "{\"acknowledged\":true}");
            return;
        }
        requests.incrementAndGet();
        if (failWholeRequests > 0) {
            failWholeRequests--;
            respond(exchange, 503, "{\"error\":{\"type\":\"cluster_block_exception\",\"reason\":\"blocked by: "
                    + "[SERVICE_UNAVAILABLE/1/state not recovered / initialized]\"},\"status\":503}");
            return;
        }
        String[] lines = body.split("\n");
        ObjectNode response = JSON.createObjectNode();
        response.put("took", 1);
        ArrayNode items = response.putArray("items");
        boolean errors = false;
        synchronized (this) {
            for (int i = 0; i + 1 < lines.length; i += 2) {
                JsonNode action = JSON.readTree(lines[i]).path("index");
                String index = action.path("_index").asText();
                String id = action.path("_id").asText();
                int before = sends.merge(index + "/" + id, 1, Integer::sum) - 1;
                int status = itemStatus.apply(id, before);
                ObjectNode item = items.addObject().putObject("index");
                item.put("_index", index).put("_id", id).put("status", status);
                if (status == 201) {
                    item.put("result", "created").put("_version", 1).put("_seq_no", 0).put("_primary_term", 1);
                    item.putObject("_shards").put("total", 1).put("successful", 1).put("failed", 0);
                    indexed.add(index + "/" + id);
                    sources.put(index + "/" + id, lines[i + 1]);
                } else {
                    errors = true;
                    item.putObject("error").put("type", status == 429 ? "es_rejected_execution_exception"
                            : "fake_exception").put("reason", "scripted " + status);
                }
            }
        }
        response.put("errors", errors);
        respond(exchange, 200, response.toString());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        // elasticsearch-java refuses servers that do not say they are Elasticsearch
        exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
