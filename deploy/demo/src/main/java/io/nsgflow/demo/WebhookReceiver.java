package io.nsgflow.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's webhook receiver: a real HTTP server that verifies each request's signature as the
 * README tells receivers to (HMAC-SHA256 of {@code t + "." + body} with the shared secret, a
 * timestamp within five minutes), answers 401 to a bad one, and remembers the deliveries.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request received: its idempotency key, whether the signature held, and the alert it carried. */
    record Delivery(String key, boolean signatureValid, String alertId, String type, String entity, String severity,
            long count, String message) {}

    static final String PATH = "/nsgflow/alerts";
    private static final long MAX_AGE_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final List<Delivery> deliveries = new ArrayList<>();

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(PATH, this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean valid = verify(exchange.getRequestHeaders().getFirst("X-Nsgflow-Signature"), body);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        JsonNode alert = parse(body);
        synchronized (this) {
            deliveries.add(new Delivery(key, valid, alert.at("/event/id").asText(), alert.at("/nsgflow/alert/type").asText(),
                    alert.at("/nsgflow/alert/entity").asText(), alert.at("/nsgflow/alert/severity").asText(),
                    alert.at("/nsgflow/alert/count").asLong(), alert.path("message").asText()));
        }
        exchange.sendResponseHeaders(valid ? 204 : 401, -1);
        exchange.close();
    }

    /** The check of the README: "t=<seconds>,v1=<hex>", recent, and the HMAC of t.body. */
    private boolean verify(String header, byte[] body) {
        if (header == null || !header.matches("t=\\d{1,12},v1=[0-9a-f]{64}")) {
            return false;
        }
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        if (Math.abs(Instant.now().getEpochSecond() - t) > MAX_AGE_SECONDS) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected,
                    header.substring(header.indexOf("v1=") + 3).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
