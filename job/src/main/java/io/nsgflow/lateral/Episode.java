package io.nsgflow.lateral;

import java.util.ArrayList;
import java.util.List;

/**
 * One alert while it goes on: what it has folded in so far and what was last emitted. Its id is
 * fixed when it opens (type, entity, the time of the connection that crossed the threshold), so
 * every update overwrites the same document. A Flink POJO (held in keyed state).
 */
public class Episode {

    static final int MAX_LISTED = 100;
    static final int MAX_RULES = 20;
    static final int MAX_SAMPLES = 5;

    public String id;
    public String detector;
    public String entity;
    public long firstSeen;
    public long lastSeen;
    public long count;
    /** Severity name (LOW, MEDIUM, HIGH, CRITICAL). */
    public String severity;
    public String threshold;
    public long windowMillis;
    public long attempted;
    public long denied;
    public long allowed;
    public List<String> destinations = new ArrayList<>();
    public long destinationsTotal;
    public List<Integer> ports = new ArrayList<>();
    public long portsTotal;
    public List<RuleCount> rules = new ArrayList<>();
    public boolean segmentationGap;
    public List<String> samples = new ArrayList<>();
    /** The first allowed admin port, which names the ATT&CK sub-technique; null: none. */
    public Integer adminPort;
    public String srcNic;
    public String srcMac;
    public String policyVersion;
    public long emittedCount;
    public long emittedLastSeen;
    public String emittedSeverity;
    /** The revision the next emission carries (0 first): the highest version of an id is its latest. */
    public long revision;
    /** Event time at which a change not yet emitted is emitted (one window after the last emission or change), or Long.MAX_VALUE. */
    public long updateAt = Long.MAX_VALUE;

    public Episode() {}

    void fold(Connection c, boolean admin) {
        if (count == 0) {
            firstSeen = c.time;
            lastSeen = c.time;
        }
        count++;
        attempted++;
        if (c.allowed) {
            allowed++;
        } else {
            denied++;
        }
        firstSeen = Math.min(firstSeen, c.time);
        lastSeen = Math.max(lastSeen, c.time);
        if (!destinations.contains(c.dst) && destinations.size() < MAX_LISTED) {
            destinations.add(c.dst);
        }
        if (!ports.contains(c.dstPort) && ports.size() < MAX_LISTED) {
            ports.add(c.dstPort);
        }
        destinationsTotal = Math.max(destinationsTotal, destinations.size());
        portsTotal = Math.max(portsTotal, ports.size());
        if (c.allowed && c.rule != null) {
            addRule(c.nsg, c.rule, c.defaultRule, c.wideRule);
        }
        if (samples.size() < MAX_SAMPLES) {
            samples.add(c.tuple());
        }
        if (srcNic == null && c.srcNic != null) {
            srcNic = c.srcNic;
            srcMac = c.srcMac;
        }
        if (c.policyVersion != null) {
            policyVersion = c.policyVersion;
        }
        if (adminPort == null && admin && c.allowed) {
            adminPort = c.dstPort;
        }
    }

    void addRule(String nsg, String rule, boolean defaultRule, boolean wide) {
        if (wide) {
            segmentationGap = true;
        }
        for (RuleCount r : rules) {
            if (r.is(nsg, rule)) {
                r.connections++;
                return;
            }
        }
        if (rules.size() < MAX_RULES) {
            RuleCount r = new RuleCount(nsg, rule, defaultRule, wide);
            r.connections = 1;
            rules.add(r);
        }
    }

    /** Whether something a person sees changed since the last emission. */
    boolean changedSinceEmitted() {
        return count != emittedCount || lastSeen != emittedLastSeen || !severity.equals(emittedSeverity);
    }

    void emitted() {
        revision++;
        emittedCount = count;
        emittedLastSeen = lastSeen;
        emittedSeverity = severity;
    }
}
