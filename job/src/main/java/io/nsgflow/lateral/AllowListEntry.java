package io.nsgflow.lateral;

import io.nsgflow.net.IpAddress;
import io.nsgflow.net.IpPrefix;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One exemption of the allow-list: connections from {@code source} (to {@code destination}, on
 * {@code ports}, for {@code detectors}, before {@code expires}; each optional) are not counted.
 * A Flink POJO: it travels in broadcast state.
 */
public class AllowListEntry implements Serializable {

    private static final long serialVersionUID = 1L;

    /** CIDR (or one address). */
    public String source;
    /** CIDR, or null: any destination. */
    public String destination;
    /** Destination ports; empty: any port. */
    public List<Integer> ports = new ArrayList<>();
    /** Detector names (port_scan, host_sweep, ...); empty: every detector. */
    public List<String> detectors = new ArrayList<>();
    /** Epoch ms after which the entry no longer applies (by the connection's event time), or null. */
    public Long expires;
    public String reason;

    private transient IpPrefix sourcePrefix;
    private transient IpPrefix destinationPrefix;

    public AllowListEntry() {}

    /** Whether this entry exempts the connection from the detector. */
    public boolean exempts(String detector, String src, String dst, int port, long time) {
        if (expires != null && time >= expires) {
            return false;
        }
        if (!detectors.isEmpty() && !detectors.contains(detector)) {
            return false;
        }
        if (!ports.isEmpty() && !ports.contains(port)) {
            return false;
        }
        if (sourcePrefix == null) {
            sourcePrefix = prefix(source);
            destinationPrefix = destination == null ? IpPrefix.ALL : prefix(destination);
        }
        return contains(sourcePrefix, src) && contains(destinationPrefix, dst);
    }

    private static boolean contains(IpPrefix p, String ip) {
        if (p == IpPrefix.ALL) {
            return true;
        }
        IpAddress a = IpAddress.tryParse(ip);
        return a != null && p.contains(a);
    }

    /** A CIDR, or a single address as its host prefix. */
    static IpPrefix prefix(String text) {
        if (text == null) {
            return null;
        }
        IpPrefix p = IpPrefix.tryParse(text);
        if (p == null && IpAddress.tryParse(text) != null) {
            p = IpPrefix.tryParse(text + (text.contains(":") ? "/128" : "/32"));
        }
        return p;
    }
}
