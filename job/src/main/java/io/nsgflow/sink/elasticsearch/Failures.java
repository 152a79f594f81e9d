package io.nsgflow.sink.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import org.elasticsearch.client.ResponseException;

/** Reads the HTTP status out of the exceptions the elasticsearch-java client throws. */
final class Failures {

    private Failures() {}

    /** The HTTP status carried anywhere in the cause chain, or -1 (no response: a connection failure). */
    static int status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException e) {
                return e.status();
            }
            if (t instanceof TransportException e && e.statusCode() > 0) {
                return e.statusCode();
            }
            if (t instanceof ResponseException e) {
                return e.getResponse().getStatusLine().getStatusCode();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return -1;
    }

    /** The first line of the innermost message, for logs (never contains request headers). */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (newline >= 0 ? message.substring(0, newline) : message);
    }
}
