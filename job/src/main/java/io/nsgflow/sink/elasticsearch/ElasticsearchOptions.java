package io.nsgflow.sink.elasticsearch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/**
 * Options of the Elasticsearch sink. Secrets can come from the environment instead of the command
 * line ({@value #PASSWORD_ENV}, {@value #API_KEY_ENV}); they are never logged.
 */
public final class ElasticsearchOptions {

    public static final String PASSWORD_ENV = "NSGFLOW_ES_PASSWORD";
    public static final String API_KEY_ENV = "NSGFLOW_ES_API_KEY";

    public static final ConfigOption<String> HOSTS = ConfigOptions.key("elasticsearch.hosts")
            .stringType()
            .noDefaultValue()
            .withDescription("Elasticsearch URLs, http(s)://host:port[,http(s)://host:port...]. Required.");

    public static final ConfigOption<String> USERNAME = ConfigOptions.key("elasticsearch.username")
            .stringType()
            .noDefaultValue()
            .withDescription("User for basic authentication; its password comes from elasticsearch.password or "
                    + "the environment variable " + PASSWORD_ENV + ".");

    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("elasticsearch.password")
            .stringType()
            .noDefaultValue()
            .withDescription("Password of elasticsearch.username. Prefer the environment variable " + PASSWORD_ENV
                    + " (read where the sink runs).");

    public static final ConfigOption<String> API_KEY = ConfigOptions.key("elasticsearch.api-key")
            .stringType()
            .noDefaultValue()
            .withDescription("API key (the base64 'encoded' value), instead of user/password. Prefer the "
                    + "environment variable " + API_KEY_ENV + ".");

    public static final ConfigOption<String> TLS_CA_FILE = ConfigOptions.key("elasticsearch.tls.ca-file")
            .stringType()
            .noDefaultValue()
            .withDescription("PEM file of the CA (or self-signed certificate) to trust for https hosts.");

    public static final ConfigOption<String> TLS_FINGERPRINT = ConfigOptions.key("elasticsearch.tls.fingerprint")
            .stringType()
            .noDefaultValue()
            .withDescription("SHA-256 fingerprint (hex, colons allowed) of the server's CA or certificate to trust, "
                    + "instead of a CA file.");

    public static final ConfigOption<String> INDEX_PREFIX = ConfigOptions.key("elasticsearch.index-prefix")
            .stringType()
            .defaultValue(IndexNames.DEFAULT_PREFIX)
            .withDescription("Prefix of the daily indices <prefix>-<kind>-YYYY.MM.DD and of the index templates.");

    public static final ConfigOption<Boolean> INSTALL_TEMPLATES = ConfigOptions.key("elasticsearch.templates.install")
            .booleanType()
            .defaultValue(true)
            .withDescription("Install (overwrite) the index templates when the sink starts.");

    public static final ConfigOption<Integer> BULK_MAX_ACTIONS = ConfigOptions.key("elasticsearch.bulk.max-actions")
            .intType()
            .defaultValue(500)
            .withDescription("Most documents in one bulk request.");

    public static final ConfigOption<MemorySize> BULK_MAX_BYTES = ConfigOptions.key("elasticsearch.bulk.max-bytes")
            .memoryType()
            .defaultValue(MemorySize.parse("5mb"))
            .withDescription("Most bytes of documents in one bulk request; also the largest single document.");

    public static final ConfigOption<Duration> BULK_FLUSH_INTERVAL = ConfigOptions.key("elasticsearch.bulk.flush-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Longest time a document waits in the buffer before it is sent.");

    public static final ConfigOption<Integer> BULK_MAX_IN_FLIGHT = ConfigOptions.key("elasticsearch.bulk.max-in-flight")
            .intType()
            .defaultValue(2)
            .withDescription("Bulk requests in flight at once per sink subtask.");

    public static final ConfigOption<Integer> BULK_MAX_BUFFERED = ConfigOptions.key("elasticsearch.bulk.max-buffered")
            .intType()
            .defaultValue(10_000)
            .withDescription("Documents buffered per sink subtask before it back-pressures the job.");

    public static final ConfigOption<Integer> RETRY_MAX_ATTEMPTS = ConfigOptions.key("elasticsearch.retry.max-attempts")
            .intType()
            .defaultValue(10)
            .withDescription("Times a document refused with 429/5xx is sent before it goes to the dead-letter index. "
                    + "Connection failures of whole requests are retried without limit.");

    public static final ConfigOption<Duration> RETRY_INITIAL_BACKOFF =
            ConfigOptions.key("elasticsearch.retry.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription("Wait before the first retry; doubled on every further attempt.");

    public static final ConfigOption<Duration> RETRY_MAX_BACKOFF = ConfigOptions.key("elasticsearch.retry.max-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Longest wait between retries.");

    /** All options, in the order {@code --help} lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(HOSTS, USERNAME, PASSWORD, API_KEY, TLS_CA_FILE,
            TLS_FINGERPRINT, INDEX_PREFIX, INSTALL_TEMPLATES, BULK_MAX_ACTIONS, BULK_MAX_BYTES, BULK_FLUSH_INTERVAL,
            BULK_MAX_IN_FLIGHT, BULK_MAX_BUFFERED, RETRY_MAX_ATTEMPTS, RETRY_INITIAL_BACKOFF, RETRY_MAX_BACKOFF);

    private static final Pattern FINGERPRINT = Pattern.compile("([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}");

    private ElasticsearchOptions() {}

    /** Throws {@link IllegalArgumentException} naming the option when one is missing or unusable. */
    public static void validate(Configuration config) {
        if (!config.contains(HOSTS)) {
            throw new IllegalArgumentException("missing required option --" + HOSTS.key());
        }
        List<URI> hosts = hosts(config);
        if (config.contains(PASSWORD) && !config.contains(USERNAME)) {
            throw new IllegalArgumentException("option " + PASSWORD.key() + " is set but " + USERNAME.key() + " is not");
        }
        if (config.contains(USERNAME) && (config.contains(API_KEY))) {
            throw new IllegalArgumentException("options " + USERNAME.key() + " and " + API_KEY.key()
                    + " exclude each other");
        }
        if (config.contains(TLS_CA_FILE) && config.contains(TLS_FINGERPRINT)) {
            throw new IllegalArgumentException("options " + TLS_CA_FILE.key() + " and " + TLS_FINGERPRINT.key()
                    + " exclude each other");
        }
        if (config.contains(TLS_CA_FILE) && !Files.isReadable(Path.of(config.get(TLS_CA_FILE)))) {
            throw new IllegalArgumentException("option " + TLS_CA_FILE.key() + ": cannot read '"
                    + config.get(TLS_CA_FILE) + "'");
        }
        if (config.contains(TLS_FINGERPRINT) && !FINGERPRINT.matcher(config.get(TLS_FINGERPRINT)).matches()) {
            throw new IllegalArgumentException("option " + TLS_FINGERPRINT.key()
                    + " is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }
        if ((config.contains(TLS_CA_FILE) || config.contains(TLS_FINGERPRINT))
                && hosts.stream().noneMatch(h -> "https".equals(h.getScheme()))) {
            throw new IllegalArgumentException("option " + (config.contains(TLS_CA_FILE) ? TLS_CA_FILE : TLS_FINGERPRINT)
                    .key() + " is set but no host of " + HOSTS.key() + " is https");
        }
        if (!IndexNames.isValidPrefix(config.get(INDEX_PREFIX))) {
            throw new IllegalArgumentException("option " + INDEX_PREFIX.key() + ": '" + config.get(INDEX_PREFIX)
                    + "' is not usable in an index name (lowercase letters, digits, . _ -)");
        }
        atLeast(config, BULK_MAX_ACTIONS, 1);
        atLeast(config, BULK_MAX_IN_FLIGHT, 1);
        atLeast(config, RETRY_MAX_ATTEMPTS, 1);
        if (config.get(BULK_MAX_BUFFERED) < config.get(BULK_MAX_ACTIONS)) {
            throw new IllegalArgumentException("option " + BULK_MAX_BUFFERED.key() + " must be at least "
                    + BULK_MAX_ACTIONS.key() + " (" + config.get(BULK_MAX_ACTIONS) + ")");
        }
        if (config.get(BULK_MAX_BYTES).getBytes() < 1024) {
            throw new IllegalArgumentException("option " + BULK_MAX_BYTES.key() + " must be at least 1kb");
        }
        for (ConfigOption<Duration> d : List.of(BULK_FLUSH_INTERVAL, RETRY_INITIAL_BACKOFF, RETRY_MAX_BACKOFF)) {
            if (config.get(d).toMillis() < 1) {
                throw new IllegalArgumentException("option " + d.key() + " must be at least 1 ms");
            }
        }
        if (config.get(RETRY_MAX_BACKOFF).compareTo(config.get(RETRY_INITIAL_BACKOFF)) < 0) {
            throw new IllegalArgumentException("option " + RETRY_MAX_BACKOFF.key() + " must not be shorter than "
                    + RETRY_INITIAL_BACKOFF.key());
        }
    }

    private static void atLeast(Configuration config, ConfigOption<Integer> option, int min) {
        if (config.get(option) < min) {
            throw new IllegalArgumentException("option " + option.key() + " must be at least " + min);
        }
    }

    /** The URLs of {@link #HOSTS}; throws naming the option when one is not an http(s) URL. */
    public static List<URI> hosts(Configuration config) {
        List<URI> hosts = new ArrayList<>();
        for (String host : config.get(HOSTS).split(",")) {
            if (!host.isBlank()) {
                hosts.add(uri(host));
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("option " + HOSTS.key() + " is empty");
        }
        return hosts;
    }

    /** Parses one entry of {@link #HOSTS}; the message names the option when it is not an http(s) URL. */
    public static URI uri(String host) {
        try {
            URI uri = new URI(host.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("option " + HOSTS.key() + ": '" + host
                        + "' is not an http(s)://host:port URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("option " + HOSTS.key() + ": '" + host + "' is not a URL ("
                    + e.getReason() + ")");
        }
    }

    /** The connection settings of a validated configuration. */
    public static ElasticsearchConnection connection(Configuration config) {
        return new ElasticsearchConnection(hosts(config), config.get(USERNAME), config.get(PASSWORD),
                config.get(API_KEY), config.get(TLS_CA_FILE), config.get(TLS_FINGERPRINT));
    }

    /** A sink for a validated configuration. */
    public static ElasticsearchSink sink(Configuration config, List<IndexTemplate> templates) {
        return ElasticsearchSink.builder(connection(config))
                .indexPrefix(config.get(INDEX_PREFIX))
                .templates(templates)
                .installTemplates(config.get(INSTALL_TEMPLATES))
                .maxBatchSize(config.get(BULK_MAX_ACTIONS))
                .maxBatchSizeInBytes(config.get(BULK_MAX_BYTES).getBytes())
                .maxTimeInBuffer(config.get(BULK_FLUSH_INTERVAL))
                .maxInFlightRequests(config.get(BULK_MAX_IN_FLIGHT))
                .maxBufferedRequests(config.get(BULK_MAX_BUFFERED))
                .retry(new RetryPolicy(config.get(RETRY_MAX_ATTEMPTS), config.get(RETRY_INITIAL_BACKOFF),
                        config.get(RETRY_MAX_BACKOFF)))
                .build();
    }
}
