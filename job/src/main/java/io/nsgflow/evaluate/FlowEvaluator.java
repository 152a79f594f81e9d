package io.nsgflow.evaluate;

import io.nsgflow.flowlog.Decision;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.ConnectionStarts;
import io.nsgflow.flowlog.LoggedNsgNames;
import io.nsgflow.flowlog.PlatformRules;
import io.nsgflow.policy.Access;
import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.LoggedRuleName;
import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.policy.NetworkSecurityGroup;
import io.nsgflow.policy.NsgVerdict;
import io.nsgflow.policy.SecurityRule;
import io.nsgflow.policy.AdminVerdict;
import io.nsgflow.policy.SecurityAdminConfiguration;
import io.nsgflow.policy.SecurityAdminRule;
import java.util.List;
import io.nsgflow.policy.timeline.EffectivePolicy;
import java.time.Instant;

/**
 * Evaluates one logged flow against the policy in force at its time: where it was logged (NIC,
 * subnets, logging NSG), what was observed, and which NSG and rule should have decided it. What
 * the difference means (drift) is for the consumers of {@link EvaluatedFlow} to say.
 *
 * <p>The expected judgement is that of the NSG that wrote the line, when the policy has that NSG
 * evaluating the flow (each NSG with flow logging writes its own lines); otherwise the NSG that
 * should have logged it: the first that denies, else the last that allows. When an AVNM security
 * admin rule decides the flow (Deny, AlwaysAllow), the expected judgement is that rule's, named
 * {@code securityAdminConfigurations/<c>/ruleCollections/<rc>/rules/<r>} with the configuration
 * as the ruleset; a VNet flow log names such a rule by its name under the configuration's aclID.
 * A line logged by an admin configuration for a flow the policy leaves to the NSGs (no admin
 * rule, or one that allows) is expected from the NSG that decides.
 */
public final class FlowEvaluator {

    /** VNet flow logs write this for traffic dropped for encryption reasons, not by a rule. */
    private static final String UNSPECIFIED = "unspecified";

    /** Why a platform-rule group is not judged. */
    public static final String PLATFORM_REASON =
            "decided by the Azure platform (PlatformRule), not by an NSG: not judged against the policy";

    private FlowEvaluator() {}

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

    public static EvaluatedFlow evaluate(FlowRecord f, EffectivePolicy policy) {
        EvaluatedFlow out = unjudged(f);
        if (!ConnectionStarts.begins(f)) {
            // belongs to a connection judged when it began; only located, so that aggregates put
            // its counters under the same NSG name and subnets as the connection's start
            if (policy != null && policy.isValid()) {
                locate(f, policy.compiled(), source(f), destination(f), out);
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
        Direction direction = f.getDirection();
        IpAddress src = source(f);
        IpAddress dst = destination(f);
        int protocol = f.getProtocol();
        Location where = locate(f, c, src, dst, out);
        out.setRemoteInNetwork(c.inNetwork(direction == Direction.INBOUND ? src : dst));
        if (PlatformRules.decided(f)) {
            return unjudged(out, PLATFORM_REASON);
        }
        CompiledPolicy.Nic nic = where.nic();
        if (nic == null) {
            return unjudged(out, "no NIC of policy " + policy.version() + " has MAC " + f.getMac()
                    + " or IP " + (direction == Direction.INBOUND ? f.getDstIp() : f.getSrcIp()));
        }
        if (where.loggedNsg() == null && where.loggedAdmin() == null) {
            String logged = LoggedNsgNames.loggedId(f);
            return unjudged(out, logged == null ? "the flow log names no NSG"
                    : "the flow log's NSG '" + logged + "' is not in policy " + policy.version()
                            + " (neither by resource id nor by resourceGuid, nor an AVNM security admin configuration)");
        }
        io.nsgflow.policy.PolicyVerdict decision =
                c.evaluate(nic, direction, protocol, src, f.getSrcPort(), dst, f.getDstPort());
        NetworkSecurityGroup loggedNsg = where.loggedNsg();
        SecurityAdminConfiguration loggedAdmin = where.loggedAdmin();
        if (decision.decidedByAdmin()) {
            AdminVerdict a = decision.admin();
            out.setJudged(true);
            out.setExpected(new Judgement(decisionOf(decision.access()), a.ruleName(), a.configurationName()));
            out.setExpectedRuleWide(isWide(a.rule()));
            out.setLoggedRuleExists(loggedAdmin != null ? loggedAdmin.hasRule(f.getRule()) : c.ruleExists(loggedNsg, f.getRule()));
            out.setLoggedRuleExpected(loggedAdmin != null && loggedAdmin.id().equalsIgnoreCase(a.configurationId())
                    && a.rule().name().equalsIgnoreCase(LoggedRuleName.bare(f.getRule())));
            return out;
        }

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
        out.setExpectedRuleWide(expectedVerdict != null && isWide(expectedVerdict.rule()));
        out.setLoggedRuleExists(loggedNsg != null ? c.ruleExists(loggedNsg, f.getRule()) : loggedAdmin.hasRule(f.getRule()));
        out.setLoggedRuleExpected(expectedVerdict != null && loggedNsg != null
                && expectedVerdict.nsgId().equalsIgnoreCase(loggedNsg.id())
                && LoggedRuleName.matches(expectedVerdict.rule(), f.getRule()));
        return out;
    }

    /**
     * A rule that lets in (or out) the whole network rather than named peers: a default rule, or a
     * rule whose peer side (the source of an inbound rule, the destination of an outbound one) is
     * {@code *}, {@code Any}, {@code VirtualNetwork} or {@code 0.0.0.0/0} without ASGs. Lateral
     * movement allowed only by such a rule is a segmentation gap.
     */
    public static boolean isWide(SecurityRule rule) {
        if (rule.isDefault()) {
            return true;
        }
        boolean inbound = rule.direction() == Direction.INBOUND;
        List<String> peers = inbound ? rule.sourceAddressPrefixes() : rule.destinationAddressPrefixes();
        List<String> asgs = inbound ? rule.sourceApplicationSecurityGroups() : rule.destinationApplicationSecurityGroups();
        if (!asgs.isEmpty()) {
            return false;
        }
        for (String p : peers) {
            if (p.equals("*") || p.equalsIgnoreCase("Any") || p.equalsIgnoreCase("VirtualNetwork") || p.equals("0.0.0.0/0")) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #isWide(SecurityRule)}, for an admin rule: its peer side is any address or VirtualNetwork. */
    public static boolean isWide(SecurityAdminRule rule) {
        List<String> peers = rule.direction() == Direction.INBOUND ? rule.sources() : rule.destinations();
        for (String p : peers) {
            if (p.equals("*") || p.equalsIgnoreCase("Any") || p.equalsIgnoreCase("VirtualNetwork") || p.equals("0.0.0.0/0")) {
                return true;
            }
        }
        return false;
    }

    private static EvaluatedFlow unjudged(EvaluatedFlow out, String reason) {
        out.setUnjudgedReason(reason);
        return out;
    }

    /** The addresses as the decoder parsed them (the record carries their bits). */
    private static IpAddress source(FlowRecord f) {
        return IpAddress.of(f.getSrcIpHigh(), f.getSrcIpLow());
    }

    private static IpAddress destination(FlowRecord f) {
        return IpAddress.of(f.getDstIpHigh(), f.getDstIpLow());
    }

    /**
     * The NIC that logged a flow (null when the policy has none) and the NSG that wrote the line, or
     * the AVNM security admin configuration a VNet flow log names instead (else null).
     */
    private record Location(CompiledPolicy.Nic nic, NetworkSecurityGroup loggedNsg, SecurityAdminConfiguration loggedAdmin) {}

    /**
     * Where a flow was logged: the NIC and the subnets of both ends (the policy knows them), and the
     * logging NSG with the observed judgement; recorded on {@code out}. Used for every tuple, judged
     * or not, so aggregates file a connection's counters where its start was filed.
     */
    private static Location locate(FlowRecord f, CompiledPolicy c, IpAddress src, IpAddress dst,
            EvaluatedFlow out) {
        CompiledPolicy.FlowLocation where = c.locate(f.getMac(), f.getDirection(), src, dst);
        CompiledPolicy.Nic nic = where.nic();
        if (nic != null) {
            out.setNicId(nic.id());
            out.setNicName(nic.name());
            out.setLocalSubnetId(where.localSubnetId());
            out.setRemoteSubnetId(where.remoteSubnetId());
        }
        NetworkSecurityGroup loggedNsg = loggedNsg(f, c);
        SecurityAdminConfiguration loggedAdmin = loggedNsg == null && f.getNsgResourceId() == null
                ? c.adminConfigurationByAclId(f.getAclId()) : null;
        String ruleset = loggedNsg != null ? loggedNsg.name() : loggedAdmin != null ? loggedAdmin.name() : LoggedNsgNames.fromLog(f);
        out.setObserved(new Judgement(f.getDecision(), f.getRule(), ruleset));
        return new Location(nic, loggedNsg, loggedAdmin);
    }

    /**
     * The NSG that wrote the line: NSG flow logs by the record's resourceId (else its systemId, the
     * NSG's resourceGuid), VNet flow logs by the aclID (resource id or resourceGuid); null when the
     * policy has none of them.
     */
    private static NetworkSecurityGroup loggedNsg(FlowRecord f, CompiledPolicy c) {
        if (f.getNsgResourceId() != null) {
            NetworkSecurityGroup g = c.nsgById(f.getNsgResourceId());
            return g != null || f.getSystemId() == null ? g : c.nsgByResourceGuid(f.getSystemId());
        }
        return c.nsgByAclId(f.getAclId());
    }

    private static Decision decisionOf(Access access) {
        return access == Access.ALLOW ? Decision.ALLOW : Decision.DENY;
    }
}
