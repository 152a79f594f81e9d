package io.nsgflow.sink.webhook;

import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the delivery function needs, resolved from {@link WebhookOptions} on the client and
 * shipped with the job. Secrets given as options travel with it; those from the environment are
 * read where the function runs ({@link #secret(Map)}, {@link #bearerToken(Map)}). toString hides
 * the URLs' paths and every secret.
 */
public record WebhookSettings(List<URI> urls, Duration connectTimeout, Duration requestTimeout, RetrySchedule retry,
        int maxInFlight, String caFile, String truststore, String truststorePassword, String secretOption,
        String bearerTokenOption) implements Serializable {

    public WebhookSettings {
        urls = List.copyOf(urls);
    }

    /** The signing secret: the option when given, else {@value WebhookOptions#SECRET_ENV} from {@code env}. */
    byte[] secret(Map<String, String> env) {
        String s = secretOption != null ? secretOption : env.get(WebhookOptions.SECRET_ENV);
        if (s == null || s.isEmpty()) {
            throw new IllegalStateException("no webhook signing secret: set the environment variable "
                    + WebhookOptions.SECRET_ENV + " where the job runs (or the option " + WebhookOptions.SECRET.key() + ")");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The bearer token, or null for none. */
    String bearerToken(Map<String, String> env) {
        String t = bearerTokenOption != null ? bearerTokenOption : env.get(WebhookOptions.BEARER_TOKEN_ENV);
        return t == null || t.isEmpty() ? null : t;
    }

    String truststorePassword(Map<String, String> env) {
        return truststorePassword != null ? truststorePassword : env.get(WebhookOptions.TRUSTSTORE_PASSWORD_ENV);
    }

    /**
     * How long the async operator waits for one delivery before it gives up on it: the longest the
     * retries may take, plus one last attempt and a margin. The retries end first; this is a backstop.
     */
    public Duration operatorTimeout() {
        return retry.maxDuration().plus(connectTimeout).plus(requestTimeout).plus(Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
        return "WebhookSettings{urls=" + urls.stream().map(WebhookEndpoint::of).toList() + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", retry=" + retry + ", maxInFlight="
                + maxInFlight + ", caFile=" + caFile + ", truststore=" + truststore + ", secrets hidden}";
    }
}
