package io.nsgflow.synthetic;

import io.nsgflow.flowlog.RejectReason;

/** A planted document or tuple the decoder must reject, once, for this reason. */
public record MalformedInput(int minute, String blob, RejectReason reason, String description) {}
