package io.nsgflow.flowlog;

/** What a flow tuple inherits from its record and flow group. Mutable and reused by the decoder. */
final class TupleContext {
    LogFormat format;
    String rule;
    String mac;
    String nsgResourceId;
    String aclId;
    String targetResourceId;
    String flowLogResourceId;
    Long recordTime;
    String flowLogGuid;
    String systemId;
    String recordMac;
}
