package io.nsgflow.sink.elasticsearch;

/** The outcome of one operation of a bulk request: its HTTP status and, when it failed, the error. */
record ItemResult(int status, String errorType, String errorReason) {

    static ItemResult ok(int status) {
        return new ItemResult(status, null, null);
    }

    boolean failed() {
        return errorType != null || status >= 300;
    }

    String describe() {
        return status + " " + errorType + ": " + errorReason;
    }
}
