package io.nsgflow.sink.elasticsearch;

/** What the sink does with a failed document or bulk request. */
enum FailureKind {
    /** Transient (overload, node restarting, connection lost): send again after a backoff. */
    RETRYABLE,
    /** The document itself is wrong for its index (mapping error, blocked index...): dead-letter it, never retry. */
    PERMANENT,
    /** A later version of the (versioned) document is indexed already: nothing to write, nothing lost. */
    SUPERSEDED,
    /** The sink cannot work at all (bad credentials, unknown host, untrusted certificate): fail the job. */
    FATAL
}
