package io.nsgflow.flowlog;

/**
 * One part of a payload that was not decoded.
 *
 * @param reason   reason code
 * @param message  human-readable explanation
 * @param excerpt  the offending text (a tuple, or the start of a document), cut to the decoder's excerpt size
 * @param document 0-based index of the JSON document in the payload (JSON lines hold several)
 * @param record   0-based index of the log record in its document, -1 when the whole document is rejected
 * @param path     where in the document, e.g. {@code records[0].properties.flows[1].flows[0].flowTuples[3]}
 * @param offset   byte offset in the payload of what is rejected: a tuple's opening quote, else the start of
 *                 the record, else of the document
 */
public record Rejection(
        RejectReason reason, String message, String excerpt, int document, int record, String path, long offset) {}
