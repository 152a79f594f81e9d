package io.nsgflow.lateral;

/**
 * An allowed east-west connection on an admin port: a possible hop of a pivot chain. A Flink POJO
 * (it crosses from the per-source detectors to the chain detector, and is held in its state).
 */
public class AdminHop {

    public long time;
    public String src;
    public String dst;
    public int port;
    public String protocol;
    /** Can start a chain: its source was past its warm-up and the edge was not in its baseline. */
    public boolean novel;
    public String nsg;
    public String rule;
    public boolean wideRule;
    public boolean defaultRule;

    public AdminHop() {}

    static AdminHop of(Connection c, boolean novel) {
        AdminHop h = new AdminHop();
        h.time = c.time;
        h.src = c.src;
        h.dst = c.dst;
        h.port = c.dstPort;
        h.protocol = c.protocol;
        h.novel = novel;
        h.nsg = c.nsg;
        h.rule = c.rule;
        h.wideRule = c.wideRule;
        h.defaultRule = c.defaultRule;
        return h;
    }

    String key() {
        return src + ">" + dst + ":" + port + "/" + protocol + "@" + time;
    }

    @Override
    public String toString() {
        return src + " -> " + dst + ":" + port + " at " + time;
    }
}
