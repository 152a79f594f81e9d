package io.nsgflow.sink.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a receiver verifies: {@code X-Nsgflow-Signature: t=<unix seconds>,v1=<hex>} where
 * the hex is HMAC-SHA256, keyed with the shared secret, over {@code <unix seconds> + "." + body}.
 * The timestamp lets a receiver refuse old (replayed) requests; each attempt is signed afresh.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Nsgflow-Signature";
    /** The IETF draft's name (draft-ietf-httpapi-idempotency-key-header). */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final SecretKeySpec key;

    public WebhookSignature(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("empty webhook secret");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The header's value for a request sent at {@code epochSeconds}. */
    public String header(long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + hmacHex(epochSeconds, body);
    }

    String hmacHex(long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(Long.toString(epochSeconds).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature{HMAC-SHA256, secret hidden}";
    }
}
