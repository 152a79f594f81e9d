package io.nsgflow.sink.elasticsearch;

/** A failure that stops the job: the sink cannot write to Elasticsearch at all (credentials, host, TLS). */
public final class ElasticsearchSinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ElasticsearchSinkException(String message) {
        super(message);
    }

    public ElasticsearchSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
