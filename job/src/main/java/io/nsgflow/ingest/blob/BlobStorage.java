package io.nsgflow.ingest.blob;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.net.URI;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The container client, signed in as {@link BlobIngestOptions#AUTH} says, with credentials from
 * the environment only (so none is on a command line, in a process list or a log).
 */
public final class BlobStorage {

    private BlobStorage() {}

    /** The sign-in that {@code auth} and the environment select: connection-string, sas, account-key or default-credential. */
    static String authMode(Configuration conf, Map<String, String> env) {
        String mode = conf.get(BlobIngestOptions.AUTH);
        if (!mode.equals("auto")) {
            return mode;
        }
        if (isSet(env, BlobIngestOptions.CONNECTION_STRING_ENV)) {
            return "connection-string";
        }
        if (isSet(env, BlobIngestOptions.SAS_TOKEN_ENV)) {
            return "sas";
        }
        if (isSet(env, BlobIngestOptions.ACCOUNT_KEY_ENV)) {
            return "account-key";
        }
        return "default-credential";
    }

    public static BlobContainerClient container(Configuration conf, Map<String, String> env) {
        String mode = authMode(conf, env);
        String endpoint = conf.get(BlobIngestOptions.ENDPOINT);
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder();
        switch (mode) {
            case "connection-string" -> {
                builder.connectionString(required(env, BlobIngestOptions.CONNECTION_STRING_ENV, mode));
                if (endpoint != null) {
                    builder.endpoint(endpoint);
                }
            }
            case "sas" -> builder.endpoint(requiredEndpoint(endpoint, mode))
                    .sasToken(required(env, BlobIngestOptions.SAS_TOKEN_ENV, mode));
            case "account-key" -> {
                String url = requiredEndpoint(endpoint, mode);
                builder.endpoint(url).credential(new StorageSharedKeyCredential(accountName(conf, url),
                        required(env, BlobIngestOptions.ACCOUNT_KEY_ENV, mode)));
            }
            default -> builder.endpoint(requiredEndpoint(endpoint, mode))
                    .credential(new DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient().getBlobContainerClient(conf.get(BlobIngestOptions.CONTAINER));
    }

    /** The account: the option, else the first label of the endpoint's host, else (emulator URLs) the first path segment. */
    static String accountName(Configuration conf, String endpoint) {
        String configured = conf.get(BlobIngestOptions.ACCOUNT_NAME);
        if (configured != null) {
            return configured;
        }
        URI uri = URI.create(endpoint);
        String host = uri.getHost();
        if (host.contains(".") && !Character.isDigit(host.charAt(0)) && !host.equals("localhost")) {
            return host.substring(0, host.indexOf('.'));
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("option --" + BlobIngestOptions.ACCOUNT_NAME.key()
                    + " is needed: the account is not in " + endpoint);
        }
        return path.split("/")[0];
    }

    private static String requiredEndpoint(String endpoint, String mode) {
        if (endpoint == null) {
            throw new IllegalArgumentException("option --" + BlobIngestOptions.ENDPOINT.key() + " is required for "
                    + BlobIngestOptions.AUTH.key() + " " + mode);
        }
        return endpoint;
    }

    private static String required(Map<String, String> env, String variable, String mode) {
        if (!isSet(env, variable)) {
            throw new IllegalArgumentException(BlobIngestOptions.AUTH.key() + " " + mode + " needs the environment variable "
                    + variable);
        }
        return env.get(variable);
    }

    private static boolean isSet(Map<String, String> env, String variable) {
        String v = env.get(variable);
        return v != null && !v.isBlank();
    }
}
