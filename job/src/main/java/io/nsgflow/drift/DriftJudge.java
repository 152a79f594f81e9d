package io.nsgflow.drift;

import io.nsgflow.flowlog.Decision;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowState;
import io.nsgflow.policy.Access;
import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.Direction;
import io.nsgflow.policy.IpAddress;
import io.nsgflow.policy.LoggedRuleName;
import io.nsgflow.policy.NetworkInterface;
import io.nsgflow.policy.NetworkSecurityGroup;
import io.nsgflow.policy.NsgVerdict;
import io.nsgflow.policy.Protocol;
import io.nsgflow.policy.timeline.EffectivePolicy;
import java.time.Instant;
import java.util.List;

/**
 * Judges one logged flow against the policy in force at its time: which NSG and rule should have
 * decided it, and whether what was logged differs (at most one finding, of the first type that
 * applies: unexpected allow, unexpected deny, unknown rule, rule mismatch).
 *
 * <p>The expected judgement is that of the NSG that wrote the line, when the policy has that NSG
 * evaluating the flow (each NSG with flow logging writes its own lines); otherwise the NSG that
 * should have logged it: the first that denies, else the last that allows.
 */
public final class DriftJudge {

    /** VNet flow logs write this for traffic dropped for encryption reasons, not by a rule. */
    private static final String UNSPECIFIED = "unspecified";

    private DriftJudge() {}

    /** Whether a tuple starts a connection: only those are judged (NSG v1 tuples have no state). */
    public static boolean beginsConnection(FlowRecord f) {
        return f.getFlowState() == null || f.getFlowState() == FlowState.BEGIN;
    }

    /** A connection start that could not be judged, with the reason. */
    public static EvaluatedFlow notJudged(FlowRecord f, String reason) {
        EvaluatedFlow out = unjudged(f);
        out.setUnjudgedReason(reason);
        return out;
    }

    /**
     * An evaluated flow with nothing found yet. Setters, not the Avro builder: build() looks up
     * every field's default, and this runs for every tuple; the defaults are all null (and false).
     */
    private static EvaluatedFlow unjudged(FlowRecord f) {
        EvaluatedFlow out = new EvaluatedFlow();
        out.setFlow(f);
        out.setJudged(false);
        return out;
    }

    public static EvaluatedFlow judge(FlowRecord f, EffectivePolicy policy) {
        return judge(f, policy, null);
    }

    /**
     * As {@link #judge(FlowRecord, EffectivePolicy)}, remembering parsed flow addresses in
     * {@code addresses} (one per operator instance; null: none remembered).
     */
    static EvaluatedFlow judge(FlowRecord f, EffectivePolicy policy, ParsedAddresses addresses) {
        EvaluatedFlow out = unjudged(f);
        if (!beginsConnection(f)) {
            // belongs to a connection judged when it began; only located, so that aggregates put
            // its counters under the same NSG name and subnets as the connection's start
            IpAddress src = address(f.getSrcIp(), addresses);
            IpAddress dst = address(f.getDstIp(), addresses);
            if (policy != null && policy.isValid() && src != null && dst != null) {
                locate(f, policy.compiled(), src, dst, out);
            }
            return out;
        }
        if (policy == null) {
            return unjudged(out, "no policy in force at " + Instant.ofEpochMilli(f.getEventTime()));
        }
        out.setPolicyVersion(policy.version());
        if (!policy.isValid()) {
            return unjudged(out, "policy " + policy.version() + " is unusable: " + policy.invalidReason());
        }
        if (UNSPECIFIED.equalsIgnoreCase(f.getAclId()) || UNSPECIFIED.equalsIgnoreCase(f.getRule())) {
            return unjudged(out, "no rule decided (dropped for encryption)");
        }
        CompiledPolicy c = policy.compiled();
        Direction direction = f.getDirection() == io.nsgflow.flowlog.Direction.INBOUND ? Direction.INBOUND : Direction.OUTBOUND;
        IpAddress src = address(f.getSrcIp(), addresses);
        IpAddress dst = address(f.getDstIp(), addresses);
        int protocol = Protocol.parseFlow(f.getProtocol());
        if (src == null || dst == null || protocol < 0) {
            return unjudged(out, "flow has no usable address or protocol");
        }
        Location where = locate(f, c, src, dst, out);
        CompiledPolicy.Nic nic = where.nic();
        if (nic == null) {
            return unjudged(out, "no NIC of policy " + policy.version() + " has MAC " + f.getMac()
                    + " or IP " + (direction == Direction.INBOUND ? f.getDstIp() : f.getSrcIp()));
        }
        io.nsgflow.policy.Decision decision =
                c.evaluate(nic, direction, protocol, src, f.getSrcPort(), dst, f.getDstPort());
        NetworkSecurityGroup loggedNsg = where.loggedNsg();

        NsgVerdict expectedVerdict = decision.deciding();
        if (loggedNsg != null) {
            for (NsgVerdict v : decision.trace()) {
                if (v.nsgId().equalsIgnoreCase(loggedNsg.id())) {
                    expectedVerdict = v;
                }
            }
        }
        Decision expectedDecision = decisionOf(expectedVerdict == null ? decision.access() : expectedVerdict.access());
        Judgement expected = expectedVerdict == null
                ? new Judgement(expectedDecision, decision.byPlatform() ? "platform" : null, null)
                : new Judgement(expectedDecision, expectedVerdict.ruleName(), expectedVerdict.nsgName());
        out.setJudged(true);
        out.setExpected(expected);
        out.setDrift(classify(f, c, loggedNsg, expectedVerdict, expectedDecision));
        return out;
    }

    private static EvaluatedFlow unjudged(EvaluatedFlow out, String reason) {
        out.setUnjudgedReason(reason);
        return out;
    }

    private static IpAddress address(String text, ParsedAddresses addresses) {
        return addresses == null ? IpAddress.tryParse(text) : addresses.parse(text);
    }

    /** The NIC that logged a flow (null when the policy has none) and the NSG that wrote the line. */
    private record Location(CompiledPolicy.Nic nic, NetworkSecurityGroup loggedNsg) {}

    /**
     * Where a flow was logged: the NIC (by MAC, else by its local address), the subnets of both ends,
     * and the logging NSG with the observed judgement; recorded on {@code out}. Used for every tuple,
     * judged or not, so aggregates file a connection's counters where its start was filed.
     */
    private static Location locate(FlowRecord f, CompiledPolicy c, IpAddress src, IpAddress dst,
            EvaluatedFlow out) {
        boolean inbound = f.getDirection() == io.nsgflow.flowlog.Direction.INBOUND;
        IpAddress local = inbound ? dst : src;
        IpAddress remote = inbound ? src : dst;
        CompiledPolicy.Nic nic = f.getMac() == null ? null : c.nicByMac(f.getMac());
        if (nic == null) {
            nic = c.nicByIp(local);
        }
        if (nic != null) {
            out.setNicId(nic.id());
            out.setNicName(nic.name());
            out.setLocalSubnetId(subnetOf(nic, local));
            CompiledPolicy.Nic peer = c.nicByIp(remote);
            if (peer != null) {
                out.setRemoteSubnetId(subnetOf(peer, remote));
            }
        }
        NetworkSecurityGroup loggedNsg = f.getNsgResourceId() != null
                ? c.nsgById(f.getNsgResourceId())
                : c.nsgByResourceGuid(f.getAclId());
        out.setObserved(new Judgement(f.getDecision(), f.getRule(), loggedNsgName(f, loggedNsg)));
        return new Location(nic, loggedNsg);
    }

    private static DriftType classify(FlowRecord f, CompiledPolicy c, NetworkSecurityGroup loggedNsg,
            NsgVerdict expected, Decision expectedDecision) {
        if (f.getDecision() == Decision.ALLOW && expectedDecision == Decision.DENY) {
            return DriftType.UNEXPECTED_ALLOW;
        }
        if (f.getDecision() == Decision.DENY && expectedDecision == Decision.ALLOW) {
            return DriftType.UNEXPECTED_DENY;
        }
        if (loggedNsg == null || !c.ruleExists(loggedNsg, f.getRule())) {
            return DriftType.UNKNOWN_RULE;
        }
        if (expected == null
                || !expected.nsgId().equalsIgnoreCase(loggedNsg.id())
                || !LoggedRuleName.matches(expected.rule(), f.getRule())) {
            return DriftType.RULE_MISMATCH;
        }
        return null;
    }

    private static Decision decisionOf(Access access) {
        return access == Access.ALLOW ? Decision.ALLOW : Decision.DENY;
    }

    private static String loggedNsgName(FlowRecord f, NetworkSecurityGroup nsg) {
        if (nsg != null) {
            return nsg.name();
        }
        if (f.getNsgResourceId() != null) {
            String id = f.getNsgResourceId();
            return id.substring(id.lastIndexOf('/') + 1);
        }
        return f.getAclId();
    }

    /** The subnet of the NIC's IP configuration holding {@code ip} (addresses parsed once, at compile time). */
    private static String subnetOf(CompiledPolicy.Nic nic, IpAddress ip) {
        List<NetworkInterface.IpConfiguration> configs = nic.resource().ipConfigurations();
        List<IpAddress> ips = nic.privateIps();
        for (int i = 0; i < ips.size() && i < configs.size(); i++) {
            if (ips.get(i).equals(ip)) {
                return configs.get(i).subnetId();
            }
        }
        return configs.isEmpty() ? null : configs.get(0).subnetId();
    }
}
