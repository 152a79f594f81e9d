package io.nsgflow.sink.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Options of webhook delivery. Secrets can come from the environment where the job runs instead
 * of the command line ({@value #SECRET_ENV}, {@value #BEARER_TOKEN_ENV},
 * {@value #TRUSTSTORE_PASSWORD_ENV}); they are never logged.
 */
public final class WebhookOptions {

    public static final String SECRET_ENV = "NSGFLOW_WEBHOOK_SECRET";
    public static final String BEARER_TOKEN_ENV = "NSGFLOW_WEBHOOK_BEARER_TOKEN";
    public static final String TRUSTSTORE_PASSWORD_ENV = "NSGFLOW_WEBHOOK_TRUSTSTORE_PASSWORD";

    public static final ConfigOption<List<String>> URLS = ConfigOptions.key("webhook.url")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("URLs that receive alerts (http or https), separated by ';'. Unset: no webhooks.");

    public static final ConfigOption<String> SECRET = ConfigOptions.key("webhook.secret")
            .stringType()
            .noDefaultValue()
            .withDescription("Shared secret of the HMAC-SHA256 request signatures. Prefer the environment variable "
                    + SECRET_ENV + " (read where the job runs); one of the two is required when webhook.url is set.");

    public static final ConfigOption<String> BEARER_TOKEN = ConfigOptions.key("webhook.bearer-token")
            .stringType()
            .noDefaultValue()
            .withDescription("Token sent as 'Authorization: Bearer' to every URL. Prefer the environment variable "
                    + BEARER_TOKEN_ENV + ".");

    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOptions.key("webhook.connect-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("Longest wait for a TCP/TLS connection to a receiver.");

    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("webhook.request-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Longest wait for a receiver's whole response; then the attempt counts as failed and is retried.");

    public static final ConfigOption<String> TLS_CA_FILE = ConfigOptions.key("webhook.tls.ca-file")
            .stringType()
            .noDefaultValue()
            .withDescription("PEM file of the CA certificates (or self-signed certificate) to trust for https URLs,"
                    + " instead of the JVM's default trust.");

    public static final ConfigOption<String> TLS_TRUSTSTORE = ConfigOptions.key("webhook.tls.truststore")
            .stringType()
            .noDefaultValue()
            .withDescription("Truststore (PKCS12 or JKS) with the CA certificates to trust for https URLs, instead of"
                    + " the JVM's default trust.");

    public static final ConfigOption<String> TLS_TRUSTSTORE_PASSWORD = ConfigOptions.key("webhook.tls.truststore-password")
            .stringType()
            .noDefaultValue()
            .withDescription("Password of webhook.tls.truststore, if it has one. Prefer the environment variable "
                    + TRUSTSTORE_PASSWORD_ENV + ".");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT = ConfigOptions.key("webhook.max-in-flight")
            .intType()
            .defaultValue(16)
            .withDescription("Deliveries (with their retries) in flight at once per subtask; more back-pressure the"
                    + " alert path.");

    public static final ConfigOption<Integer> RETRY_MAX_ATTEMPTS = ConfigOptions.key("webhook.retry.max-attempts")
            .intType()
            .defaultValue(8)
            .withDescription("Attempts of a delivery that keeps failing with 408, 429, 5xx, a timeout or a connection"
                    + " error before it goes to the dead-letter topic.");

    public static final ConfigOption<Duration> RETRY_MAX_DURATION = ConfigOptions.key("webhook.retry.max-duration")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withDescription("Longest time from a delivery's first attempt to its last; a retry that would start later"
                    + " goes to the dead-letter topic instead.");

    public static final ConfigOption<Duration> RETRY_INITIAL_BACKOFF = ConfigOptions.key("webhook.retry.initial-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Wait before the first retry, doubled on every further one (a Retry-After of the receiver"
                    + " replaces it).");

    public static final ConfigOption<Duration> RETRY_MAX_BACKOFF = ConfigOptions.key("webhook.retry.max-backoff")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("Longest wait between retries (a longer Retry-After is honoured).");

    /** All options, in the order {@code --help} lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(URLS, SECRET, BEARER_TOKEN, CONNECT_TIMEOUT,
            REQUEST_TIMEOUT, TLS_CA_FILE, TLS_TRUSTSTORE, TLS_TRUSTSTORE_PASSWORD, MAX_IN_FLIGHT, RETRY_MAX_ATTEMPTS,
            RETRY_MAX_DURATION, RETRY_INITIAL_BACKOFF, RETRY_MAX_BACKOFF);

    private WebhookOptions() {}

    /** Whether webhooks are configured at all. */
    public static boolean enabled(Configuration config) {
        return config.getOptional(URLS).map(u -> !u.isEmpty()).orElse(false);
    }

    /** The URLs of webhook.url in order (empty when unset); throws naming the option when one is unusable. */
    public static List<URI> urls(Configuration config) {
        List<URI> urls = new ArrayList<>();
        for (String u : config.getOptional(URLS).orElse(List.of())) {
            URI url;
            try {
                url = new URI(u.trim());
            } catch (URISyntaxException e) {
                // the reason, not the input: a Slack or Teams URL holds a token
                throw new IllegalArgumentException("option " + URLS.key() + ": URL " + (urls.size() + 1)
                        + " is not a URL (" + e.getReason() + ")");
            }
            if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                    || url.getHost() == null) {
                throw new IllegalArgumentException("option " + URLS.key() + ": URL " + (urls.size() + 1)
                        + " must be http(s)://host[:port]/path");
            }
            if (url.getUserInfo() != null) {
                throw new IllegalArgumentException("option " + URLS.key() + ": URL " + (urls.size() + 1)
                        + " has user info; give credentials with " + BEARER_TOKEN.key() + " instead");
            }
            urls.add(url);
        }
        return urls;
    }

    /**
     * Checks the options; throws {@link IllegalArgumentException} naming the option and why. Files
     * are checked here (on the client) and read again where the job runs.
     */
    public static void validate(Configuration config) {
        List<URI> urls = urls(config);
        positive(config, CONNECT_TIMEOUT);
        positive(config, REQUEST_TIMEOUT);
        positive(config, RETRY_MAX_DURATION);
        positive(config, RETRY_INITIAL_BACKOFF);
        positive(config, RETRY_MAX_BACKOFF);
        atLeastOne(config, MAX_IN_FLIGHT);
        atLeastOne(config, RETRY_MAX_ATTEMPTS);
        if (config.contains(TLS_CA_FILE) && config.contains(TLS_TRUSTSTORE)) {
            throw new IllegalArgumentException("options " + TLS_CA_FILE.key() + " and " + TLS_TRUSTSTORE.key()
                    + " exclude each other");
        }
        for (ConfigOption<String> file : List.of(TLS_CA_FILE, TLS_TRUSTSTORE)) {
            if (config.contains(file) && !Files.isReadable(Path.of(config.get(file)))) {
                throw new IllegalArgumentException("option " + file.key() + ": cannot read '" + config.get(file) + "'");
            }
        }
        if (config.contains(TLS_TRUSTSTORE_PASSWORD) && !config.contains(TLS_TRUSTSTORE)) {
            throw new IllegalArgumentException("option " + TLS_TRUSTSTORE_PASSWORD.key() + " is set but "
                    + TLS_TRUSTSTORE.key() + " is not");
        }
        if (!urls.isEmpty()) {
            WebhookTls.context(settings(config), System.getenv()); // a CA file or truststore that does not load fails here, naming it
        }
    }

    /** What may be shown of a URL (logs, dead letters, replay output): scheme, host and port. */
    public static String endpoint(URI url) {
        return WebhookEndpoint.of(url);
    }

    /** The settings of the delivery function; call {@link #validate} first. */
    public static WebhookSettings settings(Configuration config) {
        return new WebhookSettings(urls(config), config.get(CONNECT_TIMEOUT), config.get(REQUEST_TIMEOUT),
                new RetrySchedule(config.get(RETRY_MAX_ATTEMPTS), config.get(RETRY_MAX_DURATION),
                        config.get(RETRY_INITIAL_BACKOFF), config.get(RETRY_MAX_BACKOFF)),
                config.get(MAX_IN_FLIGHT), config.get(TLS_CA_FILE), config.get(TLS_TRUSTSTORE),
                config.get(TLS_TRUSTSTORE_PASSWORD), config.get(SECRET), config.get(BEARER_TOKEN));
    }

    private static void positive(Configuration config, ConfigOption<Duration> option) {
        Duration d = config.get(option);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("option " + option.key() + " must be positive, was " + d);
        }
    }

    private static void atLeastOne(Configuration config, ConfigOption<Integer> option) {
        if (config.get(option) < 1) {
            throw new IllegalArgumentException("option " + option.key() + " must be at least 1, was " + config.get(option));
        }
    }
}
