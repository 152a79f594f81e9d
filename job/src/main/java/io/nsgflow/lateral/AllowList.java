package io.nsgflow.lateral;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The allow-list in force: the file's at start, replaced whole by each allow-list message. A Flink POJO. */
public class AllowList implements Serializable {

    private static final long serialVersionUID = 1L;

    public List<AllowListEntry> entries = new ArrayList<>();
    /** Where it came from (file path, or policy-topic message), for logs. */
    public String origin;

    public AllowList() {}

    public AllowList(List<AllowListEntry> entries, String origin) {
        this.entries = new ArrayList<>(entries);
        this.origin = origin;
    }

    public boolean exempts(String detector, Connection c) {
        return exempts(detector, c.src, c.dst, c.dstPort, c.time);
    }

    public boolean exempts(String detector, String src, String dst, int port, long time) {
        for (AllowListEntry e : entries) {
            if (e.exempts(detector, src, dst, port, time)) {
                return true;
            }
        }
        return false;
    }
}
