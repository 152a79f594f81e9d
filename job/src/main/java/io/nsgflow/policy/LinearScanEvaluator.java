package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.IpPrefix;
import io.nsgflow.net.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference evaluator: for every flow, scans the rules of each NSG in priority order and tests
 * each condition directly against the policy (tag membership by prefix lists, ASG membership by
 * member addresses). AVNM security admin rules come first: for every flow, every rule of every
 * rule collection applying to a network group that has the NIC's VNet as a static member is
 * tested, and the matching one of lowest priority (the first in snapshot order among equals)
 * decides or, with action Allow, passes the flow to the NSGs. Deliberately simple; it is the
 * oracle the compiled evaluator is tested against, and the baseline of the benchmark. Not for
 * production use.
 */
public final class LinearScanEvaluator implements PolicyEvaluator {

    private final PolicySnapshot snapshot;
    private final Map<String, List<ScanRule>> rulesByNsg = new HashMap<>();
    /** Each admin rule's match conditions (network groups expanded to their VNets' address spaces). */
    private final Map<SecurityAdminRule, ScanRule> adminRules = new java.util.IdentityHashMap<>();
    /** Per ASG, the addresses of its member configurations (blocks, or single addresses). */
    private final Map<String, List<IpPrefix>> asgMembers = new HashMap<>();
    private final Map<String, List<IpPrefix>> tagPrefixes = new HashMap<>();
    private final Map<String, List<IpPrefix>> vnetTagByVnet = new HashMap<>();
    private final List<NetworkInterface> nics;
    /** Per NIC, each configuration's addresses (its block, or the single address), in order. */
    private final Map<String, List<IpPrefix>> nicIps = new HashMap<>();

    private record ScanRule(SecurityRule rule, int protocol, List<PortRange> srcPorts, List<PortRange> dstPorts,
            List<AddressEntry> src, List<AddressEntry> dst, List<String> srcAsgs, List<String> dstAsgs) {}

    public LinearScanEvaluator(PolicySnapshot snapshot) {
        this.snapshot = snapshot;
        this.nics = List.copyOf(snapshot.networkInterfaces().values());
        for (NetworkSecurityGroup g : snapshot.networkSecurityGroups().values()) {
            List<ScanRule> rules = new ArrayList<>();
            List<SecurityRule> all = new ArrayList<>(g.securityRules());
            all.addAll(g.defaultSecurityRules());
            all.sort(Comparator.comparingInt(SecurityRule::priority));
            for (SecurityRule r : all) {
                rules.add(scanRule(r));
            }
            rulesByNsg.put(g.key(), rules);
        }
        for (SecurityAdminConfiguration c : snapshot.securityAdminConfigurations().values()) {
            for (SecurityAdminConfiguration.RuleCollection rc : c.ruleCollections()) {
                for (SecurityAdminRule a : rc.rules()) {
                    adminRules.put(a, scanRule(a.conditions(snapshot)));
                }
            }
        }
        for (NetworkInterface n : nics) {
            nicIps.put(n.key(), n.ipConfigurations().stream().map(NetworkInterface.IpConfiguration::block).toList());
            for (NetworkInterface.IpConfiguration c : n.ipConfigurations()) {
                for (String asg : c.applicationSecurityGroupIds()) {
                    asgMembers.computeIfAbsent(PolicyResource.keyOf(asg), k -> new ArrayList<>())
                            .add(c.block());
                }
            }
        }
        snapshot.serviceTags().prefixesByName().forEach((name, prefixes) ->
                tagPrefixes.put(name, prefixes.stream().map(IpPrefix::parse).toList()));
        for (VirtualNetwork v : snapshot.virtualNetworks().values()) {
            vnetTagByVnet.put(v.key(), VirtualNetworkTag.prefixes(snapshot, v));
        }
    }

    private static ScanRule scanRule(SecurityRule r) {
        return new ScanRule(r, Protocol.parseRule(r.protocol()), PortRange.parseAll(r.sourcePortRanges()),
                PortRange.parseAll(r.destinationPortRanges()), entries(r.sourceAddressPrefixes()),
                entries(r.destinationAddressPrefixes()), keys(r.sourceApplicationSecurityGroups()),
                keys(r.destinationApplicationSecurityGroups()));
    }

    private static List<AddressEntry> entries(List<String> texts) {
        return texts.stream().map(AddressEntry::parse).toList();
    }

    private static List<String> keys(List<String> ids) {
        return ids.stream().map(PolicyResource::keyOf).toList();
    }

    @Override
    public PolicySnapshot snapshot() {
        return snapshot;
    }

    @Override
    public String nicIdByIp(IpAddress ip) {
        for (NetworkInterface n : nics) {
            if (anyContains(nicIps.get(n.key()), ip)) {
                return n.id();
            }
        }
        return null;
    }

    @Override
    public PolicyVerdict evaluate(String nicId, Direction direction, int protocol, IpAddress src, int srcPort,
            IpAddress dst, int dstPort) {
        NetworkInterface nic = snapshot.nic(nicId);
        if (nic == null) {
            throw new IllegalArgumentException("unknown NIC '" + nicId + "'");
        }
        if (PlatformAddresses.allowedByPlatform(direction, src, dst)) {
            return PolicyVerdict.PLATFORM;
        }
        if (!Protocol.hasPorts(protocol)) {
            srcPort = PortRange.NO_PORT;
            dstPort = PortRange.NO_PORT;
        }
        IpAddress local = direction == Direction.INBOUND ? dst : src;
        int index = -1;
        List<IpPrefix> configs = nicIps.get(nic.key());
        for (int i = 0; i < configs.size() && index < 0; i++) {
            if (configs.get(i).contains(local)) {
                index = i;
            }
        }
        NetworkInterface.IpConfiguration config = nic.ipConfigurations().get(Math.max(index, 0));
        PolicySnapshot.SubnetRef subnet = snapshot.subnet(config.subnetId());
        List<IpPrefix> vnetTag = vnetTagByVnet.get(subnet.virtualNetwork().key());
        AdminVerdict admin = firstAdminRule(subnet.virtualNetwork(), direction, protocol, src, srcPort, dst, dstPort, vnetTag);
        if (admin != null && admin.decides()) {
            return PolicyVerdict.byAdmin(admin);
        }
        PolicyVerdict nsgs = nsgs(nic, subnet, direction, protocol, src, srcPort, dst, dstPort, vnetTag);
        return admin == null ? nsgs : nsgs.afterAdminAllow(admin);
    }

    /** The matching admin rule of lowest priority among those applying to the VNet (first in snapshot order among equals), or null. */
    private AdminVerdict firstAdminRule(VirtualNetwork vnet, Direction direction, int protocol, IpAddress src, int srcPort,
            IpAddress dst, int dstPort, List<IpPrefix> vnetTag) {
        AdminVerdict best = null;
        for (SecurityAdminConfiguration c : snapshot.securityAdminConfigurations().values()) {
            for (SecurityAdminConfiguration.RuleCollection rc : c.ruleCollections()) {
                if (!appliesTo(rc, vnet)) {
                    continue;
                }
                for (SecurityAdminRule a : rc.rules()) {
                    if ((best == null || a.priority() < best.rule().priority())
                            && matches(adminRules.get(a), direction, protocol, src, srcPort, dst, dstPort, vnetTag)) {
                        best = new AdminVerdict(c, rc, a);
                    }
                }
            }
        }
        return best;
    }

    private boolean appliesTo(SecurityAdminConfiguration.RuleCollection rc, VirtualNetwork vnet) {
        for (String g : rc.appliesToGroupIds()) {
            NetworkGroup group = snapshot.networkGroup(g);
            if (group != null) {
                for (String member : group.memberVirtualNetworkIds()) {
                    if (member.equalsIgnoreCase(vnet.id())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private PolicyVerdict nsgs(NetworkInterface nic, PolicySnapshot.SubnetRef subnet, Direction direction, int protocol,
            IpAddress src, int srcPort, IpAddress dst, int dstPort, List<IpPrefix> vnetTag) {
        NetworkSecurityGroup subnetNsg = snapshot.nsg(subnet.subnet().networkSecurityGroupId());
        NetworkSecurityGroup nicNsg = snapshot.nsg(nic.networkSecurityGroupId());
        List<NsgVerdict> trace = new ArrayList<>();
        boolean inbound = direction == Direction.INBOUND;
        NetworkSecurityGroup first = inbound ? subnetNsg : nicNsg;
        NetworkSecurityGroup second = inbound ? nicNsg : subnetNsg;
        AppliedAt firstAt = inbound ? AppliedAt.SUBNET : AppliedAt.NIC;
        AppliedAt secondAt = inbound ? AppliedAt.NIC : AppliedAt.SUBNET;
        if (first != null) {
            SecurityRule r = firstMatch(first, direction, protocol, src, srcPort, dst, dstPort, vnetTag);
            trace.add(new NsgVerdict(first.id(), first.name(), first.resourceGuid(), firstAt, r));
            if (r.access() == Access.DENY) {
                return new PolicyVerdict(Access.DENY, trace.get(0), List.copyOf(trace), false);
            }
        }
        if (second != null) {
            SecurityRule r = firstMatch(second, direction, protocol, src, srcPort, dst, dstPort, vnetTag);
            trace.add(new NsgVerdict(second.id(), second.name(), second.resourceGuid(), secondAt, r));
        }
        if (trace.isEmpty()) {
            return PolicyVerdict.NO_NSG;
        }
        NsgVerdict last = trace.get(trace.size() - 1);
        return new PolicyVerdict(last.access(), last, List.copyOf(trace), false);
    }

    private SecurityRule firstMatch(NetworkSecurityGroup nsg, Direction direction, int protocol, IpAddress src,
            int srcPort, IpAddress dst, int dstPort, List<IpPrefix> vnetTag) {
        for (ScanRule r : rulesByNsg.get(nsg.key())) {
            if (matches(r, direction, protocol, src, srcPort, dst, dstPort, vnetTag)) {
                return r.rule();
            }
        }
        throw new IllegalStateException("no rule matched in " + nsg.name() + " although the default rules match all");
    }

    private boolean matches(ScanRule r, Direction direction, int protocol, IpAddress src, int srcPort, IpAddress dst,
            int dstPort, List<IpPrefix> vnetTag) {
        return r.rule().direction() == direction
                && Protocol.ruleMatches(r.protocol(), protocol)
                && portMatches(r.srcPorts(), srcPort)
                && portMatches(r.dstPorts(), dstPort)
                && addressMatches(r.src(), r.srcAsgs(), src, vnetTag)
                && addressMatches(r.dst(), r.dstAsgs(), dst, vnetTag);
    }

    private static boolean portMatches(List<PortRange> ranges, int port) {
        for (PortRange p : ranges) {
            if (p.contains(port)) {
                return true;
            }
        }
        return false;
    }

    private boolean addressMatches(List<AddressEntry> entries, List<String> asgs, IpAddress ip, List<IpPrefix> vnetTag) {
        for (AddressEntry e : entries) {
            boolean m = switch (e.kind()) {
                case ANY -> true;
                case PREFIX -> e.prefix().contains(ip);
                case VIRTUAL_NETWORK -> anyContains(vnetTag, ip);
                case AZURE_LOAD_BALANCER -> anyContains(PlatformAddresses.AZURE_LOAD_BALANCER, ip);
                case INTERNET -> !anyContains(vnetTag, ip) && !anyContains(PlatformAddresses.NON_INTERNET, ip);
                case SERVICE_TAG -> anyContains(tagPrefixes.get(e.tag().toLowerCase(java.util.Locale.ROOT)), ip);
            };
            if (m) {
                return true;
            }
        }
        for (String asg : asgs) {
            if (anyContains(asgMembers.getOrDefault(asg, List.of()), ip)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyContains(List<IpPrefix> prefixes, IpAddress ip) {
        for (IpPrefix p : prefixes) {
            if (p.contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
