package io.nsgflow.sink.elasticsearch;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Names of the daily indices, {@code <prefix>-<kind>-YYYY.MM.DD}, by the UTC day of a document's
 * event time, so a replay of old flow logs lands in the indices of the days they happened.
 */
public final class IndexNames implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_PREFIX = "nsgflow";
    /** The sink's own kind: documents Elasticsearch refused for good. */
    public static final String DEADLETTER = "deadletter";

    /** Elasticsearch index names: lowercase, no spaces or {@code \ / * ? " < > | , #}, not starting with - _ +. */
    private static final Pattern VALID_PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    private final String prefix;

    public IndexNames(String prefix) {
        if (!isValidPrefix(prefix)) {
            throw new IllegalArgumentException("index prefix '" + prefix
                    + "' is not usable in an Elasticsearch index name (lowercase letters, digits, . _ -)");
        }
        this.prefix = prefix;
    }

    public static boolean isValidPrefix(String prefix) {
        return prefix != null && VALID_PREFIX.matcher(prefix).matches();
    }

    public String prefix() {
        return prefix;
    }

    /** Whether {@code kind} can be part of an index name (same rules as the prefix). */
    public static boolean isValidKind(String kind) {
        return isValidPrefix(kind);
    }

    /** The index of {@code kind} for the UTC day of {@code eventTimeMillis}. */
    public String daily(String kind, long eventTimeMillis) {
        return prefix + "-" + kind + "-" + DAY.format(Instant.ofEpochMilli(eventTimeMillis));
    }

    /** The index pattern that matches all daily indices of {@code kind}, for its index template. */
    public String pattern(String kind) {
        return prefix + "-" + kind + "-*";
    }
}
