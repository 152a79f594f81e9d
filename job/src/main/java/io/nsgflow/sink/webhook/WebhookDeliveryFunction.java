package io.nsgflow.sink.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link WebhookRequest}s: a signed POST each, retried on 408, 429 (after its
 * {@code Retry-After}), 5xx, timeouts and connection errors with exponential backoff; one
 * {@link WebhookOutcome} per request, delivered or failed. Runs inside Flink's async operator
 * ({@link WebhookDelivery}), which bounds the requests in flight and checkpoints them: after a
 * restore they are sent again with the same idempotency key.
 */
public class WebhookDeliveryFunction extends RichAsyncFunction<WebhookRequest, WebhookOutcome> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryFunction.class);
    private static final int MAX_RESPONSE_EXCERPT = 200;

    private final WebhookSettings settings;

    private transient HttpClient client;
    private transient ExecutorService httpThreads;
    private transient ScheduledExecutorService retryTimer;
    private transient WebhookSignature signature;
    private transient String bearerToken;
    private transient WebhookMetrics metrics;

    public WebhookDeliveryFunction(WebhookSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        Map<String, String> env = System.getenv();
        signature = new WebhookSignature(settings.secret(env));
        bearerToken = settings.bearerToken(env);
        httpThreads = Executors.newCachedThreadPool(daemonThreads("webhook-http"));
        retryTimer = Executors.newSingleThreadScheduledExecutor(daemonThreads("webhook-retry"));
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a signed request goes where it was configured to
                .sslContext(WebhookTls.context(settings, env))
                .executor(httpThreads)
                .build();
        metrics = new WebhookMetrics(getRuntimeContext().getMetricGroup());
        LOG.info("webhook delivery to {}", settings);
    }

    @Override
    public void close() {
        if (retryTimer != null) {
            retryTimer.shutdownNow();
        }
        if (httpThreads != null) {
            httpThreads.shutdownNow();
        }
    }

    @Override
    public void asyncInvoke(WebhookRequest request, ResultFuture<WebhookOutcome> result) {
        if (request.target < 0 || request.target >= settings.urls().size()) {
            // the requests are made from the same URL list: a stray index is a bug, not bad input
            throw new IllegalArgumentException("no webhook URL number " + request.target + " (" + settings.urls().size()
                    + " configured)");
        }
        new Delivery(request, result).attempt();
    }

    @Override
    public void timeout(WebhookRequest request, ResultFuture<WebhookOutcome> result) {
        metrics.failed();
        result.complete(List.of(WebhookOutcome.failed(request, WebhookEndpoint.of(settings.urls().get(request.target)), 0,
                0, "RETRIES_EXHAUSTED", "no outcome within " + settings.operatorTimeout(), System.currentTimeMillis())));
    }

    /** One request through its attempts. */
    private final class Delivery {
        private final WebhookRequest request;
        private final ResultFuture<WebhookOutcome> result;
        private final URI url;
        private final String endpoint;
        private final long startNanos = System.nanoTime();
        private int attempts;

        Delivery(WebhookRequest request, ResultFuture<WebhookOutcome> result) {
            this.request = request;
            this.result = result;
            this.url = settings.urls().get(request.target);
            this.endpoint = WebhookEndpoint.of(url);
        }

        void attempt() {
            attempts++;
            HttpRequest.Builder http = HttpRequest.newBuilder(url)
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", request.contentType)
                    .header("User-Agent", "nsgflow-webhook")
                    .header(WebhookSignature.SIGNATURE_HEADER, signature.header(Instant.now().getEpochSecond(), request.body))
                    .header(WebhookSignature.IDEMPOTENCY_HEADER, request.idempotencyKey)
                    .header("X-Nsgflow-Attempt", Integer.toString(attempts))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body));
            if (bearerToken != null) {
                http.header("Authorization", "Bearer " + bearerToken);
            }
            try {
                client.sendAsync(http.build(), Delivery::bodyHandler)
                        // the request timeout ends the wait for headers; this one also bounds a body that never ends
                        .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete(this::handle);
            } catch (RuntimeException e) {
                handle(null, e);
            }
        }

        /** The body only matters when the receiver refuses: it often says why. */
        private static HttpResponse.BodySubscriber<byte[]> bodyHandler(HttpResponse.ResponseInfo info) {
            return info.statusCode() / 100 == 2
                    ? HttpResponse.BodySubscribers.replacing(new byte[0])
                    : HttpResponse.BodySubscribers.ofByteArray();
        }

        private void handle(HttpResponse<byte[]> response, Throwable error) {
            try {
                if (error != null) {
                    failedWith(unwrap(error));
                } else {
                    answered(response);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        private void answered(HttpResponse<byte[]> response) {
            int status = response.statusCode();
            if (status / 100 == 2) {
                metrics.delivered(elapsed().toMillis());
                result.complete(List.of(WebhookOutcome.delivered(request, endpoint, status, attempts,
                        System.currentTimeMillis())));
            } else if (status == 408 || status == 429 || status / 100 == 5) {
                Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                        Instant.now());
                retryOrGiveUp(status, "HTTP " + status + excerpt(response.body()), retryAfter);
            } else {
                giveUp(status, "HTTP_STATUS", "refused with HTTP " + status + excerpt(response.body()) + " (not retried)");
            }
        }

        private void failedWith(Throwable cause) {
            if (cause instanceof SSLHandshakeException) {
                giveUp(0, "TLS_TRUST", "TLS handshake with " + endpoint + " failed (" + cause.getMessage()
                        + "): trust its certificate with " + WebhookOptions.TLS_CA_FILE.key() + " or "
                        + WebhookOptions.TLS_TRUSTSTORE.key());
            } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
                retryOrGiveUp(0, "no response within " + settings.requestTimeout() + " ("
                        + WebhookOptions.REQUEST_TIMEOUT.key() + ")", null);
            } else if (cause instanceof IOException) {
                retryOrGiveUp(0, "connection failed: " + cause, null);
            } else {
                giveUp(0, "ERROR", "cannot send: " + cause);
            }
        }

        private void retryOrGiveUp(int status, String why, Duration retryAfter) {
            Duration wait = settings.retry().next(attempts, elapsed(), retryAfter);
            if (wait == null) {
                giveUp(status, "RETRIES_EXHAUSTED", "gave up after " + attempts + " attempt(s) in "
                        + elapsed().toMillis() + " ms (" + WebhookOptions.RETRY_MAX_ATTEMPTS.key() + " "
                        + settings.retry().maxAttempts() + ", " + WebhookOptions.RETRY_MAX_DURATION.key() + " "
                        + settings.retry().maxDuration() + (retryAfter != null ? ", Retry-After " + retryAfter : "")
                        + "); last: " + why);
                return;
            }
            metrics.retried();
            LOG.debug("webhook {} key {}: attempt {} failed ({}), retrying in {}", endpoint, request.idempotencyKey,
                    attempts, why, wait);
            retryTimer.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void giveUp(int status, String reason, String message) {
            metrics.failed();
            LOG.warn("webhook {} key {}: not delivered, to the dead letters: {}", endpoint, request.idempotencyKey,
                    message);
            result.complete(List.of(WebhookOutcome.failed(request, endpoint, status, attempts, reason, message,
                    System.currentTimeMillis())));
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    private static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, MAX_RESPONSE_EXCERPT * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        return ": " + (text.length() > MAX_RESPONSE_EXCERPT ? text.substring(0, MAX_RESPONSE_EXCERPT) + "..." : text);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        // java.net.http reports a handshake failure as an IOException caused by it
        for (Throwable x = c; x != null; x = x.getCause()) {
            if (x instanceof SSLHandshakeException) {
                return x;
            }
        }
        return c;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
