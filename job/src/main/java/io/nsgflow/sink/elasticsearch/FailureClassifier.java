package io.nsgflow.sink.elasticsearch;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The one place that decides which Elasticsearch failures are retried, dead-lettered or fatal.
 * Item failures are judged by the status and error type of the bulk item; whole-request failures
 * by the exception (chain) or the HTTP status of the response.
 */
final class FailureClassifier {

    private FailureClassifier() {}

    /** A failed item of a bulk response; {@code versioned}: the document was sent with an external version. */
    static FailureKind item(int status, String errorType, boolean versioned) {
        String type = errorType == null ? "" : errorType.toLowerCase(Locale.ROOT);
        if (versioned && status == 409 && type.equals("version_conflict_engine_exception")) {
            // external_gte refused an older version than the one stored: the newer one wins, as intended
            return FailureKind.SUPERSEDED;
        }
        if (type.equals("security_exception")) {
            // no privilege to write this index: configuration, not the document
            return FailureKind.FATAL;
        }
        if (status == 429 || status >= 500) {
            // 429: rejected by a full write queue, or a flood-stage disk block; 5xx: shard unavailable, node restarting
            return FailureKind.RETRYABLE;
        }
        // 400 mapping/parse errors, 403 index write blocks, 404 missing index with auto-create off, 409 ...
        return FailureKind.PERMANENT;
    }

    /** A whole bulk request that failed with an HTTP error status. */
    static FailureKind requestStatus(int status) {
        if (status == 401 || status == 403) {
            return FailureKind.FATAL;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return FailureKind.RETRYABLE;
        }
        // 400 / 404 / 413 for a whole request: our request is wrong, resending it cannot help
        return FailureKind.FATAL;
    }

    /**
     * A whole bulk request that failed with an exception. {@code status} is the HTTP status the
     * exception carries, or -1.
     */
    static FailureKind request(Throwable failure, int status) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof CertificateException) {
                return FailureKind.FATAL;
            }
            if (t instanceof SSLException) {
                // handshake and trust failures do not heal by retrying
                return FailureKind.FATAL;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return FailureKind.RETRYABLE;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (status > 0) {
            return requestStatus(status);
        }
        // connection reset, closed, interrupted I/O, timeouts of the client: the server may come back
        return FailureKind.RETRYABLE;
    }

    /** Why a fatal failure stops the job, in words an operator can act on. */
    static String fatalMessage(Throwable failure, int status, String hosts) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "Elasticsearch host unknown (" + t.getMessage() + "); check elasticsearch.hosts (" + hosts + ")";
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return "TLS connection to Elasticsearch at " + hosts + " failed (" + t.getMessage()
                        + "); check elasticsearch.tls.ca-file or elasticsearch.tls.fingerprint";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (status == 401) {
            return "Elasticsearch at " + hosts + " refused the credentials (HTTP 401); check elasticsearch.username/"
                    + "elasticsearch.password or elasticsearch.api-key";
        }
        if (status == 403) {
            return "Elasticsearch at " + hosts + " denied the request (HTTP 403): the user or API key lacks the "
                    + "privilege to write (or manage templates on) the nsgflow indices";
        }
        return "Elasticsearch at " + hosts + " rejected the request (HTTP " + status + "): " + failure.getMessage();
    }
}
