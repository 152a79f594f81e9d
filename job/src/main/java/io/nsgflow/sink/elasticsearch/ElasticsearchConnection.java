package io.nsgflow.sink.elasticsearch;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where Elasticsearch is and how to authenticate and trust it. Secrets left out of the
 * configuration are read from the environment where the client is opened (the TaskManager), so
 * they need not travel in the job graph; {@link #toString()} never shows them.
 */
public final class ElasticsearchConnection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> hosts;
    private final String username;
    private final String password;
    private final String apiKey;
    private final String caFile;
    private final String fingerprint;

    public ElasticsearchConnection(List<URI> hosts, String username, String password, String apiKey, String caFile,
            String fingerprint) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no Elasticsearch host");
        }
        this.hosts = hosts.stream().map(URI::toString).collect(Collectors.toUnmodifiableList());
        this.username = username;
        this.password = password;
        this.apiKey = apiKey;
        this.caFile = caFile;
        this.fingerprint = fingerprint;
    }

    /** Plain connection without authentication. */
    public static ElasticsearchConnection of(URI... hosts) {
        return new ElasticsearchConnection(List.of(hosts), null, null, null, null, null);
    }

    public List<URI> hosts() {
        return hosts.stream().map(URI::create).toList();
    }

    String username() {
        return username;
    }

    /** The configured password, else {@value ElasticsearchOptions#PASSWORD_ENV}; null if neither. */
    String password() {
        return password != null ? password : System.getenv(ElasticsearchOptions.PASSWORD_ENV);
    }

    /** The configured API key, else {@value ElasticsearchOptions#API_KEY_ENV}; null if neither (or with a username). */
    String apiKey() {
        if (apiKey != null) {
            return apiKey;
        }
        return username == null ? System.getenv(ElasticsearchOptions.API_KEY_ENV) : null;
    }

    String caFile() {
        return caFile;
    }

    String fingerprint() {
        return fingerprint;
    }

    /** The hosts, for messages (URLs carry no secrets: user info is not accepted in them). */
    String describeHosts() {
        return String.join(",", hosts);
    }

    @Override
    public String toString() {
        String auth = username != null ? "user " + username : apiKey() != null ? "API key" : "no authentication";
        return "Elasticsearch " + describeHosts() + " (" + auth + ")";
    }
}
