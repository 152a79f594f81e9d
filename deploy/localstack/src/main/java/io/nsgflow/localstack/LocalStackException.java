package io.nsgflow.localstack;

/** A component could not be started, did not become ready, or refused a request. */
public class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
