package io.nsgflow.flowlog;

import java.util.List;

/**
 * What came out of one payload.
 *
 * @param flowRecords one per decoded flow tuple, in payload order
 * @param rejections  everything that was not decoded, in payload order
 * @param logRecords  number of log records (elements of {@code records}, or single records) decoded
 * @param extraFields fields found in tuples past those their format defines (such tuples are kept)
 */
public record DecodeResult(List<FlowRecord> flowRecords, List<Rejection> rejections, int logRecords, int extraFields) {}
