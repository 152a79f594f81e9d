package io.nsgflow.flowlog;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.Protocol;

/**
 * Turns one comma-separated flow tuple into a FlowRecord. Not thread-safe: on failure
 * {@link #parse} returns null and {@link #reason()} / {@link #message()} say why. No exceptions
 * are used for bad input, so rejecting is as cheap as accepting.
 */
final class FlowTupleParser {

    private static final int MAX_FIELDS = 13;
    private static final String[] COUNTER_NAMES = {
        "packets source->destination", "bytes source->destination", "packets destination->source",
        "bytes destination->source"
    };

    private final int[] starts = new int[MAX_FIELDS];
    private final int[] ends = new int[MAX_FIELDS];
    private RejectReason reason;
    private String message;
    private int extraFields;

    RejectReason reason() {
        return reason;
    }

    String message() {
        return message;
    }

    /**
     * Fields past the ones its format defines in the last tuple parsed (0 when none): such a tuple
     * is decoded from the fields it knows and kept (Microsoft has added fields before, v1 to v2).
     */
    int extraFields() {
        return extraFields;
    }

    /** Parses {@code tuple} in the given context; null when rejected. */
    FlowRecord parse(String tuple, TupleContext ctx) {
        LogFormat format = ctx.format;
        int expected = format == LogFormat.NSG_V1 ? 8 : MAX_FIELDS;
        int fields = split(tuple, expected);
        extraFields = 0;
        if (fields < expected) {
            return fail(RejectReason.FIELD_COUNT, format + " tuple needs " + expected + " comma-separated fields, found "
                    + fields);
        }
        long eventTime = format == LogFormat.VNET_V4 ? vnetTime(tuple) : nsgTime(tuple);
        if (eventTime < 0) {
            return null;
        }
        // parsed once here: the record carries the text (for documents) and the bits (for the policy)
        IpAddress src = IpAddress.tryParse(tuple, starts[1], ends[1]);
        if (src == null) {
            return fail(RejectReason.ADDRESS, "source '" + field(tuple, 1) + "' is not an IPv4 or IPv6 address");
        }
        IpAddress dst = IpAddress.tryParse(tuple, starts[2], ends[2]);
        if (dst == null) {
            return fail(RejectReason.ADDRESS, "destination '" + field(tuple, 2) + "' is not an IPv4 or IPv6 address");
        }
        String srcIp = src.canonicalTextOf(tuple, starts[1], ends[1]);
        String dstIp = dst.canonicalTextOf(tuple, starts[2], ends[2]);
        int srcPort = port(tuple, 3, "source");
        if (srcPort < 0) {
            return null;
        }
        int dstPort = port(tuple, 4, "destination");
        if (dstPort < 0) {
            return null;
        }
        int protocol = format == LogFormat.VNET_V4 ? vnetProtocol(tuple) : nsgProtocol(tuple);
        if (protocol < 0) {
            return null;
        }
        Direction direction = direction(tuple);
        if (direction == null) {
            return null;
        }
        Decision decision;
        FlowState state;
        String encryption = null;
        if (format == LogFormat.VNET_V4) {
            char s = singleChar(tuple, 7);
            switch (s) {
                case 'B' -> state = FlowState.BEGIN;
                case 'C' -> state = FlowState.CONTINUING;
                case 'E' -> state = FlowState.END;
                case 'D' -> state = FlowState.BEGIN; // a denied attempt is a begin, as NSG v2 logs it
                default -> {
                    return fail(RejectReason.STATE, "flow state '" + field(tuple, 7) + "' is not B, C, E or D");
                }
            }
            decision = s == 'D' ? Decision.DENY : Decision.ALLOW;
            if (starts[8] == ends[8]) {
                return fail(RejectReason.ENCRYPTION, "encryption field is empty");
            }
            encryption = tuple.substring(starts[8], ends[8]);
        } else {
            char d = singleChar(tuple, 7);
            if (d == 'A') {
                decision = Decision.ALLOW;
            } else if (d == 'D') {
                decision = Decision.DENY;
            } else {
                return fail(RejectReason.DECISION, "decision '" + field(tuple, 7) + "' is not A or D");
            }
            if (format == LogFormat.NSG_V1) {
                state = null;
            } else {
                switch (singleChar(tuple, 8)) {
                    case 'B' -> state = FlowState.BEGIN;
                    case 'C' -> state = FlowState.CONTINUING;
                    case 'E' -> state = FlowState.END;
                    default -> {
                        return fail(RejectReason.STATE, "flow state '" + field(tuple, 8) + "' is not B, C or E");
                    }
                }
            }
        }
        Long packetsOut = null;
        Long bytesOut = null;
        Long packetsIn = null;
        Long bytesIn = null;
        if (format != LogFormat.NSG_V1) {
            packetsOut = counter(tuple, 9);
            bytesOut = counter(tuple, 10);
            packetsIn = counter(tuple, 11);
            bytesIn = counter(tuple, 12);
            if (reason == RejectReason.COUNTER) {
                return null;
            }
        }
        reason = null;
        message = null;
        extraFields = fields - expected;
        return new FlowRecord(eventTime, format, srcIp, dstIp, srcPort, dstPort, protocol, direction, decision,
                state, packetsOut, bytesOut, packetsIn, bytesIn, ctx.rule, ctx.mac, ctx.nsgResourceId, ctx.aclId,
                ctx.targetResourceId, ctx.flowLogResourceId, encryption, ctx.recordTime, ctx.flowLogGuid,
                ctx.systemId, ctx.recordMac, src.hi(), src.lo(), dst.hi(), dst.lo());
    }

    /**
     * Records the boundaries of the first {@code known} fields; returns the number of fields (all
     * of them, counted without recording those past {@code known}).
     */
    private int split(String tuple, int known) {
        reason = null;
        int n = 0;
        int start = 0;
        int comma;
        while ((comma = tuple.indexOf(',', start)) >= 0) {
            if (n < known) {
                starts[n] = start;
                ends[n] = comma;
            }
            n++;
            start = comma + 1;
        }
        if (n < known) {
            starts[n] = start;
            ends[n] = tuple.length();
        }
        return n + 1;
    }

    /** Field i for messages, cut so that a huge field cannot blow up a message. */
    private String field(String tuple, int i) {
        int end = Math.min(ends[i], starts[i] + 64);
        return tuple.substring(starts[i], end) + (end < ends[i] ? "..." : "");
    }

    private char singleChar(String tuple, int i) {
        return ends[i] - starts[i] == 1 ? tuple.charAt(starts[i]) : '\0';
    }

    /** Non-negative decimal of at most maxDigits digits in field i, or -1. */
    private long digits(String tuple, int i, int maxDigits) {
        int from = starts[i];
        int to = ends[i];
        if (to == from || to - from > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int k = from; k < to; k++) {
            char c = tuple.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private long nsgTime(String tuple) {
        long seconds = digits(tuple, 0, 10);
        if (seconds < 0) {
            failVoid(RejectReason.TIMESTAMP, "time '" + field(tuple, 0) + "' is not Unix epoch seconds");
            return -1;
        }
        return seconds * 1000;
    }

    private long vnetTime(String tuple) {
        int len = ends[0] - starts[0];
        long value = len == 10 || len == 13 ? digits(tuple, 0, 13) : -1;
        if (value < 0) {
            failVoid(RejectReason.TIMESTAMP,
                    "time '" + field(tuple, 0) + "' is not Unix epoch milliseconds (13 digits) or seconds (10 digits)");
            return -1;
        }
        return len == 10 ? value * 1000 : value;
    }

    private int port(String tuple, int i, String which) {
        long p = digits(tuple, i, 5);
        if (p < 0 || p > 65535) {
            failVoid(RejectReason.PORT, which + " port '" + field(tuple, i) + "' is not 0-65535");
            return -1;
        }
        return (int) p;
    }

    /** T or U as the IANA number. */
    private int nsgProtocol(String tuple) {
        switch (singleChar(tuple, 5)) {
            case 'T':
                return Protocol.TCP;
            case 'U':
                return Protocol.UDP;
            default:
                failVoid(RejectReason.PROTOCOL, "protocol '" + field(tuple, 5) + "' is not T or U");
                return -1;
        }
    }

    private int vnetProtocol(String tuple) {
        long n = digits(tuple, 5, 3);
        if (n < 0 || n > 255) {
            failVoid(RejectReason.PROTOCOL, "protocol '" + field(tuple, 5) + "' is not an IANA protocol number 0-255");
            return -1;
        }
        return (int) n;
    }

    private Direction direction(String tuple) {
        switch (singleChar(tuple, 6)) {
            case 'I':
                return Direction.INBOUND;
            case 'O':
                return Direction.OUTBOUND;
            default:
                failVoid(RejectReason.DIRECTION, "direction '" + field(tuple, 6) + "' is not I or O");
                return null;
        }
    }

    /** Empty is null (the log has no counter); otherwise a non-negative integer. */
    private Long counter(String tuple, int i) {
        if (reason != null) {
            return null;
        }
        if (starts[i] == ends[i]) {
            return null;
        }
        long v = digits(tuple, i, 18);
        if (v < 0) {
            failVoid(RejectReason.COUNTER, COUNTER_NAMES[i - 9] + " '" + field(tuple, i) + "' is not a non-negative integer");
            return null;
        }
        return v;
    }

    private FlowRecord fail(RejectReason r, String m) {
        failVoid(r, m);
        return null;
    }

    private void failVoid(RejectReason r, String m) {
        reason = r;
        message = m;
    }
}
