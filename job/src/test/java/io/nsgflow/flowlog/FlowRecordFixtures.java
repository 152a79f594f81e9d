package io.nsgflow.flowlog;

import io.nsgflow.net.IpAddress;

/** FlowRecords as the decoder makes them, for tests that build their own. */
public final class FlowRecordFixtures {

    private FlowRecordFixtures() {}

    /** Both addresses as the decoder sets them: the text and the bits parsed from it. */
    public static FlowRecord.Builder addresses(FlowRecord.Builder b, String src, String dst) {
        return source(b, src).setDstIp(dst).setDstIpHigh(IpAddress.parse(dst).hi()).setDstIpLow(IpAddress.parse(dst).lo());
    }

    /** The source address as the decoder sets it. */
    public static FlowRecord.Builder source(FlowRecord.Builder b, String src) {
        IpAddress a = IpAddress.parse(src);
        return b.setSrcIp(src).setSrcIpHigh(a.hi()).setSrcIpLow(a.lo());
    }
}
