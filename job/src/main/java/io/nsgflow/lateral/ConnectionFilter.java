package io.nsgflow.lateral;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.ConnectionStarts;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.net.Direction;
import io.nsgflow.net.Protocol;
import io.nsgflow.net.IpPrefix;
import io.nsgflow.policy.DefaultRules;
import io.nsgflow.policy.PlatformAddresses;
import io.nsgflow.policy.SecurityRule;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which evaluated flows the detectors count, as what: east-west connection starts (judged or not),
 * never platform addresses (168.63.129.16, 169.254.169.254) nor the load balancer's probes.
 */
public final class ConnectionFilter implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String[] PROTOCOL_NAMES = new String[256];

    static {
        for (int p = 0; p < PROTOCOL_NAMES.length; p++) {
            PROTOCOL_NAMES[p] = Protocol.name(p).toUpperCase(Locale.ROOT);
        }
    }

    private final List<String> internalPrefixTexts;
    private transient List<IpPrefix> internal;

    public ConnectionFilter(List<String> internalPrefixes) {
        this.internalPrefixTexts = List.copyOf(internalPrefixes);
    }

    /** The connection the detectors count for this flow, or null when they count none. */
    public Connection connection(EvaluatedFlow e) {
        FlowRecord f = e.getFlow();
        if (!ConnectionStarts.begins(f)) {
            return null;
        }
        if (PlatformAddresses.isPlatformAddress(f.getSrcIpHigh(), f.getSrcIpLow())
                || PlatformAddresses.isPlatformAddress(f.getDstIpHigh(), f.getDstIpLow())) {
            return null; // the AzureLoadBalancer tag (probes) is the platform address 168.63.129.16
        }
        boolean inbound = f.getDirection() == Direction.INBOUND;
        boolean localInside = e.getNicId() != null
                || (inbound ? isInternal(f.getDstIpHigh(), f.getDstIpLow()) : isInternal(f.getSrcIpHigh(), f.getSrcIpLow()));
        boolean remoteInside = e.getRemoteInNetwork() || e.getRemoteSubnetId() != null
                || (inbound ? isInternal(f.getSrcIpHigh(), f.getSrcIpLow()) : isInternal(f.getDstIpHigh(), f.getDstIpLow()));
        if (!localInside || !remoteInside) {
            return null;
        }
        Connection c = new Connection();
        c.time = f.getEventTime();
        c.src = f.getSrcIp();
        c.dst = f.getDstIp();
        c.srcPort = f.getSrcPort();
        c.dstPort = f.getDstPort();
        c.protocol = protocolName(f.getProtocol());
        c.allowed = f.getDecision() == Decision.ALLOW;
        c.policyVersion = e.getPolicyVersion();
        c.crossesSubnet = e.getLocalSubnetId() == null || e.getRemoteSubnetId() == null
                || !Objects.equals(e.getLocalSubnetId(), e.getRemoteSubnetId());
        if (!inbound) {
            c.srcNic = e.getNicName();
            c.srcMac = f.getMac();
        }
        if (c.allowed) {
            Judgement expected = e.getExpected();
            if (e.getJudged() && expected != null && expected.getDecision() == Decision.ALLOW && expected.getRule() != null) {
                c.nsg = expected.getNsg();
                c.rule = expected.getRule();
                c.defaultRule = expected.getRule().startsWith("defaultSecurityRules/");
                c.wideRule = e.getExpectedRuleWide();
            } else if (e.getObserved() != null) {
                c.nsg = e.getObserved().getNsg();
                c.rule = e.getObserved().getRule();
                c.defaultRule = isDefaultRuleName(c.rule);
                c.wideRule = c.defaultRule;
            }
        }
        return c;
    }

    /** A rule name as logged ({@code DefaultRule_AllowVnetInBound}) or qualified, of a default rule. */
    static boolean isDefaultRuleName(String rule) {
        if (rule == null) {
            return false;
        }
        String r = rule.toLowerCase(Locale.ROOT);
        if (r.startsWith("defaultrule_") || r.startsWith("defaultsecurityrules/")) {
            return true;
        }
        for (SecurityRule d : DefaultRules.ALL) {
            if (d.name().equalsIgnoreCase(rule)) {
                return true;
            }
        }
        return false;
    }

    /** TCP, UDP, IPV6-ICMP ... as alerts write it; one String per protocol number, not one per connection. */
    private static String protocolName(int protocol) {
        return protocol >= 0 && protocol < PROTOCOL_NAMES.length ? PROTOCOL_NAMES[protocol]
                : Protocol.name(protocol).toUpperCase(Locale.ROOT);
    }

    private boolean isInternal(long hi, long lo) {
        if (internalPrefixTexts.isEmpty()) {
            return false;
        }
        if (internal == null) {
            internal = internalPrefixTexts.stream().map(IpPrefix::parse).toList();
        }
        for (IpPrefix p : internal) {
            if (p.contains(hi, lo)) {
                return true;
            }
        }
        return false;
    }
}
