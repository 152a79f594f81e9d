package io.nsgflow.lateral;

import io.nsgflow.evaluate.EvaluatedFlow;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.ConnectionStarts;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.net.Direction;
import io.nsgflow.net.Protocol;
import io.nsgflow.net.IpAddress;
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
        if (isPlatform(f.getSrcIp()) || isPlatform(f.getDstIp())) {
            return null; // the AzureLoadBalancer tag (probes) is the platform address 168.63.129.16
        }
        boolean inbound = f.getDirection() == Direction.INBOUND;
        String local = inbound ? f.getDstIp() : f.getSrcIp();
        String remote = inbound ? f.getSrcIp() : f.getDstIp();
        boolean localInside = e.getNicId() != null || isInternal(local);
        boolean remoteInside = e.getRemoteInNetwork() || e.getRemoteSubnetId() != null || isInternal(remote);
        if (!localInside || !remoteInside) {
            return null;
        }
        Connection c = new Connection();
        c.time = f.getEventTime();
        c.src = f.getSrcIp();
        c.dst = f.getDstIp();
        c.srcPort = f.getSrcPort();
        c.dstPort = f.getDstPort();
        c.protocol = Protocol.name(f.getProtocol()).toUpperCase(Locale.ROOT); // TCP, UDP, IPV6-ICMP ... as alerts write it
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

    private static boolean isPlatform(String ip) {
        IpAddress a = IpAddress.tryParse(ip);
        return a != null && (a.equals(PlatformAddresses.WIRE_SERVER) || a.equals(PlatformAddresses.IMDS));
    }

    private boolean isInternal(String ip) {
        if (internalPrefixTexts.isEmpty()) {
            return false;
        }
        if (internal == null) {
            internal = internalPrefixTexts.stream().map(IpPrefix::parse).toList();
        }
        IpAddress a = IpAddress.tryParse(ip);
        if (a == null) {
            return false;
        }
        for (IpPrefix p : internal) {
            if (p.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
