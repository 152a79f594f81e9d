package io.nsgflow.lateral;

/**
 * One east-west connection start as the detectors count it: the first line logged for it, with
 * the logged decision and the rule that allowed it. A Flink POJO (held in keyed state).
 */
public class Connection {

    public long time;
    public String src;
    public String dst;
    public int srcPort;
    public int dstPort;
    public String protocol;
    public boolean allowed;
    /** NSG and rule that allowed it (the policy's, where the flow was judged; else as logged). */
    public String nsg;
    public String rule;
    public boolean defaultRule;
    /** Allowed by a default or VirtualNetwork/*-wide rule. */
    public boolean wideRule;
    /** The destination is in another subnet (or one the policy does not place). */
    public boolean crossesSubnet;
    /** The source NIC, when the line was logged there (outbound). */
    public String srcNic;
    public String srcMac;
    public String policyVersion;
    /** Detector bits the allow-list exempts this connection from. */
    public int exempt;
    /** Detector bits this connection was already folded into an alert for (see {@link SourceDetectors}). */
    public int folded;
    /** Baseline facts at the time it was counted. */
    public boolean newEdge;
    public boolean newAdminDestination;

    public Connection() {}

    String edgeKey() {
        return dst + "|" + dstPort + "|" + protocol;
    }

    String tupleKey() {
        return dst + "|" + dstPort + "|" + srcPort + "|" + protocol;
    }

    String tuple() {
        return protocol + " " + src + ":" + srcPort + " -> " + dst + ":" + dstPort + (allowed ? " allowed" : " denied");
    }
}
