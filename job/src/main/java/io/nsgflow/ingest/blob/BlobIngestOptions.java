package io.nsgflow.ingest.blob;

import io.nsgflow.kafka.KafkaOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** The options of {@code nsgflow ingest-blobs}: where the flow-log blobs are, how to sign in, where positions go. */
public final class BlobIngestOptions {

    /** Azure's own variable for a storage connection string (it holds the account key or a SAS). */
    public static final String CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING";
    public static final String SAS_TOKEN_ENV = "NSGFLOW_AZURE_STORAGE_SAS_TOKEN";
    public static final String ACCOUNT_KEY_ENV = "NSGFLOW_AZURE_STORAGE_ACCOUNT_KEY";

    public static final ConfigOption<String> ENDPOINT = ConfigOptions.key("azure.storage.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("Blob endpoint of the storage account, https://<account>.blob.core.windows.net."
                    + " Required unless the connection string (" + CONNECTION_STRING_ENV + ") gives it.");

    public static final ConfigOption<String> AUTH = ConfigOptions.key("azure.storage.auth")
            .stringType()
            .defaultValue("auto")
            .withDescription("How to sign in: connection-string (" + CONNECTION_STRING_ENV + "), sas ("
                    + SAS_TOKEN_ENV + "), account-key (" + ACCOUNT_KEY_ENV + " with azure.storage.account-name),"
                    + " default-credential (the Azure SDK's DefaultAzureCredential: managed identity, workload"
                    + " identity, environment, Azure CLI), or auto: the first of these whose variable is set,"
                    + " else default-credential. Credentials are read from the environment only, never logged.");

    public static final ConfigOption<String> ACCOUNT_NAME = ConfigOptions.key("azure.storage.account-name")
            .stringType()
            .noDefaultValue()
            .withDescription("Storage account name, for account-key sign-in (default: the endpoint's first host label).");

    public static final ConfigOption<String> CONTAINER = ConfigOptions.key("azure.storage.container")
            .stringType()
            .defaultValue("insights-logs-flowlogflowevent")
            .withDescription("Container of the flow-log blobs: insights-logs-flowlogflowevent (VNet flow logs) or"
                    + " insights-logs-networksecuritygroupflowevent (NSG flow logs).");

    public static final ConfigOption<String> PREFIX = ConfigOptions.key("azure.storage.prefix")
            .stringType()
            .defaultValue("")
            .withDescription("Only blobs whose name starts with this are read, e.g. flowLogResourceID=/<SUBSCRIPTION>/");

    public static final ConfigOption<Duration> POLL_INTERVAL = ConfigOptions.key("ingest.poll-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Pause between two listings of the container (Network Watcher appends a block a minute).");

    public static final ConfigOption<String> POSITIONS_TOPIC = ConfigOptions.key("ingest.positions-topic")
            .stringType()
            .defaultValue("nsgflow-blob-positions")
            .withDescription("Compacted Kafka topic that holds how far each blob has been published; written in the"
                    + " same Kafka transaction as the records, so a restart neither loses nor repeats a record."
                    + " Created (compacted) when missing.");

    public static final ConfigOption<String> TRANSACTIONAL_ID = ConfigOptions.key("ingest.transactional-id")
            .stringType()
            .defaultValue("nsgflow-ingest-blobs")
            .withDescription("Kafka transactional id: one per container and prefix; a second reader with the same"
                    + " id fences the first.");

    public static final ConfigOption<Boolean> EXIT_WHEN_IDLE = ConfigOptions.key("ingest.exit-when-idle")
            .booleanType()
            .defaultValue(false)
            .withDescription("Exit after the first listing that finds nothing new (for back-fills and measurements)"
                    + " instead of polling on.");

    /** All options, in the order {@code --help} lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(KafkaOptions.BOOTSTRAP_SERVERS, KafkaOptions.PROPERTIES,
            KafkaOptions.FLOWLOG_TOPIC, ENDPOINT, AUTH, ACCOUNT_NAME, CONTAINER, PREFIX, POLL_INTERVAL,
            POSITIONS_TOPIC, TRANSACTIONAL_ID, EXIT_WHEN_IDLE);

    static final List<String> AUTH_MODES = List.of("auto", "connection-string", "sas", "account-key", "default-credential");

    private BlobIngestOptions() {}

    /** Fails with a message naming the option when one is missing or wrong. */
    public static void validate(Configuration conf) {
        String servers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("option --" + KafkaOptions.BOOTSTRAP_SERVERS.key() + " is required");
        }
        if (!AUTH_MODES.contains(conf.get(AUTH))) {
            throw new IllegalArgumentException("option --" + AUTH.key() + " must be one of " + AUTH_MODES
                    + ", was '" + conf.get(AUTH) + "'");
        }
        String endpoint = conf.get(ENDPOINT);
        if (endpoint != null) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option --" + ENDPOINT.key() + ": not a URL: " + endpoint);
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("option --" + ENDPOINT.key() + " must be an http(s) URL, was " + endpoint);
            }
            if (uri.getQuery() != null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("option --" + ENDPOINT.key()
                        + " must not carry a SAS or credentials: give the SAS in " + SAS_TOKEN_ENV);
            }
        }
        for (ConfigOption<String> o : List.of(CONTAINER, POSITIONS_TOPIC, TRANSACTIONAL_ID, KafkaOptions.FLOWLOG_TOPIC)) {
            if (conf.get(o).isBlank()) {
                throw new IllegalArgumentException("option --" + o.key() + " must not be blank");
            }
        }
        Duration poll = conf.get(POLL_INTERVAL);
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("option --" + POLL_INTERVAL.key() + " must be positive, was " + poll);
        }
    }
}
