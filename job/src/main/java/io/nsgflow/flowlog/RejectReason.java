package io.nsgflow.flowlog;

import io.nsgflow.net.Direction;
/** Why part of a flow-log payload was not turned into FlowRecords. */
public enum RejectReason {
    /** Not JSON, truncated JSON, or a top-level value that is not an object: the whole document is rejected. */
    UNREADABLE,
    /** JSON of the wrong shape where flow data is expected (e.g. {@code flowTuples} not an array, a tuple not a string, a record without flow data). */
    STRUCTURE,
    /** Flow data where it is not expected, e.g. a {@code records} array nested inside a record (Microsoft's malformed v1 sample). */
    UNEXPECTED_FLOW_DATA,
    /** Missing or unsupported {@code properties.Version} (NSG) or {@code flowLogVersion} (VNet). */
    VERSION,
    /** MAC address that is not 12 hex digits. */
    MAC,
    /** Tuple with the wrong number of comma-separated fields for its format. */
    FIELD_COUNT,
    /** Tuple time (or the record's {@code time}) that is not a valid epoch/ISO-8601 time. */
    TIMESTAMP,
    /** Source or destination that is not an IPv4 or IPv6 literal. */
    ADDRESS,
    /** Port that is not an integer 0-65535. */
    PORT,
    /** Protocol other than T/U (NSG) or an IANA number 0-255 (VNet). */
    PROTOCOL,
    /** Direction other than I/O. */
    DIRECTION,
    /** NSG decision other than A/D. */
    DECISION,
    /** Flow state other than B/C/E (NSG v2) or B/C/E/D (VNet). */
    STATE,
    /** Empty VNet encryption field. */
    ENCRYPTION,
    /** Packet/byte counter that is neither empty nor a non-negative integer. */
    COUNTER
}
