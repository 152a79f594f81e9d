package io.nsgflow.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot compiled for fast evaluation: each NSG into bit-vector rule tables per direction (per
 * VNet it is used in, since the VirtualNetwork and Internet tags depend on it), ASG and tag
 * membership resolved to address ranges, NICs indexed by id, MAC and private IP, NSGs by id and
 * resourceGuid. Immutable and thread-safe; build once per policy version, never per flow.
 */
public final class CompiledPolicy implements PolicyEvaluator {

    /** A NIC of the policy with its compiled NSGs. */
    public static final class Nic {
        private final NetworkInterface resource;
        private final IpAddress[] ips;
        private final CompiledNsg nicNsg;
        private final CompiledNsg[] subnetNsgs;
        /** [config][direction]: the NIC address's row in the NIC NSG's and the subnet NSG's tables. */
        private final int[][] nicNsgLocalRow;
        private final int[][] subnetNsgLocalRow;

        private Nic(NetworkInterface resource, IpAddress[] ips, CompiledNsg nicNsg, CompiledNsg[] subnetNsgs) {
            this.resource = resource;
            this.ips = ips;
            this.nicNsg = nicNsg;
            this.subnetNsgs = subnetNsgs;
            nicNsgLocalRow = new int[ips.length][2];
            subnetNsgLocalRow = new int[ips.length][2];
            for (int i = 0; i < ips.length; i++) {
                for (Direction d : Direction.values()) {
                    nicNsgLocalRow[i][d.ordinal()] = nicNsg == null ? -1 : nicNsg.localRow(d, ips[i]);
                    subnetNsgLocalRow[i][d.ordinal()] = subnetNsgs[i] == null ? -1 : subnetNsgs[i].localRow(d, ips[i]);
                }
            }
        }

        public String id() {
            return resource.id();
        }

        public String name() {
            return resource.name();
        }

        /** As in the policy (may be null). */
        public String macAddress() {
            return resource.macAddress();
        }

        public NetworkInterface resource() {
            return resource;
        }

        /** Private IPs, in IP-configuration order. */
        public List<IpAddress> privateIps() {
            return List.of(ips);
        }
    }

    private final PolicySnapshot snapshot;
    private final Map<String, Nic> nicsById = new HashMap<>();
    private final Map<String, Nic> nicsByMac = new HashMap<>();
    private final Map<IpAddress, Nic> nicsByIp = new HashMap<>();
    private final Map<String, NetworkSecurityGroup> nsgsByGuid = new HashMap<>();

    private CompiledPolicy(PolicySnapshot snapshot) {
        this.snapshot = snapshot;
        Map<String, List<AddressRange>> asgRanges = new HashMap<>();
        for (NetworkInterface n : snapshot.networkInterfaces().values()) {
            for (NetworkInterface.IpConfiguration c : n.ipConfigurations()) {
                IpPrefix host = IpPrefix.parse(c.privateIpAddress());
                for (String asg : c.applicationSecurityGroupIds()) {
                    asgRanges.computeIfAbsent(PolicyResource.keyOf(asg), k -> new ArrayList<>()).add(AddressRange.of(host));
                }
            }
        }
        Map<String, List<AddressRange>> tagRanges = new HashMap<>();
        snapshot.serviceTags().prefixesByName().forEach((name, prefixes) ->
                tagRanges.put(name, AddressRange.of(prefixes.stream().map(IpPrefix::parse).toList())));
        List<AddressRange> loadBalancer = AddressRange.of(PlatformAddresses.AZURE_LOAD_BALANCER);

        Map<String, CompiledNsg> compiled = new HashMap<>();
        Map<String, Resolver> resolvers = new HashMap<>();
        for (NetworkInterface n : snapshot.networkInterfaces().values()) {
            IpAddress[] ips = new IpAddress[n.ipConfigurations().size()];
            CompiledNsg[] subnetNsgs = new CompiledNsg[ips.length];
            VirtualNetwork vnet = null;
            for (int i = 0; i < ips.length; i++) {
                NetworkInterface.IpConfiguration c = n.ipConfigurations().get(i);
                ips[i] = IpAddress.parse(c.privateIpAddress());
                PolicySnapshot.SubnetRef ref = snapshot.subnet(c.subnetId());
                vnet = ref.virtualNetwork();
                Resolver r = resolvers.computeIfAbsent(vnet.key(),
                        k -> new Resolver(snapshot, ref.virtualNetwork(), asgRanges, tagRanges, loadBalancer));
                subnetNsgs[i] = compiledNsg(compiled, r, snapshot.nsg(ref.subnet().networkSecurityGroupId()));
            }
            Resolver r = resolvers.get(vnet.key());
            Nic nic = new Nic(n, ips, compiledNsg(compiled, r, snapshot.nsg(n.networkSecurityGroupId())), subnetNsgs);
            nicsById.put(n.key(), nic);
            if (n.macAddress() != null) {
                nicsByMac.putIfAbsent(MacAddress.normalize(n.macAddress()), nic);
            }
            for (IpAddress ip : ips) {
                nicsByIp.putIfAbsent(ip, nic);
            }
        }
        for (NetworkSecurityGroup g : snapshot.networkSecurityGroups().values()) {
            if (g.resourceGuid() != null) {
                nsgsByGuid.put(g.resourceGuid().toLowerCase(Locale.ROOT), g);
            }
        }
    }

    private static CompiledNsg compiledNsg(Map<String, CompiledNsg> cache, Resolver r, NetworkSecurityGroup nsg) {
        if (nsg == null) {
            return null;
        }
        return cache.computeIfAbsent(nsg.key() + "|" + r.vnetKey, k -> new CompiledNsg(nsg, r));
    }

    /** Validates (cross-references) and compiles. */
    public static CompiledPolicy compile(PolicySnapshot snapshot) throws PolicyValidationException {
        PolicyValidator.validate(snapshot);
        return new CompiledPolicy(snapshot);
    }

    @Override
    public PolicySnapshot snapshot() {
        return snapshot;
    }

    public String version() {
        return snapshot.version();
    }

    /** By ARM id (case-insensitive), or null. */
    public Nic nicById(String id) {
        return id == null ? null : nicsById.get(PolicyResource.keyOf(id));
    }

    /** By MAC in any usual form ({@code 00-0D-3A-F8-78-56}, {@code 000d3af87856}), or null. */
    public Nic nicByMac(String mac) {
        String m = MacAddress.normalize(mac);
        return m == null ? null : nicsByMac.get(m);
    }

    /** By private IP (the first NIC in snapshot order when several have it), or null. */
    public Nic nicByIp(IpAddress ip) {
        return nicsByIp.get(ip);
    }

    @Override
    public String nicIdByIp(IpAddress ip) {
        Nic n = nicsByIp.get(ip);
        return n == null ? null : n.id();
    }

    /** By ARM id (case-insensitive), or null. */
    public NetworkSecurityGroup nsgById(String id) {
        return snapshot.nsg(id);
    }

    /** By resourceGuid, which VNet flow logs carry as aclID (case-insensitive), or null. */
    public NetworkSecurityGroup nsgByResourceGuid(String guid) {
        return guid == null ? null : nsgsByGuid.get(guid.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether the NSG has the rule a flow log names ({@code UserRule_x}, {@code DefaultRule_x} or bare; any case). */
    public boolean ruleExists(String nsgId, String loggedRuleName) {
        NetworkSecurityGroup g = snapshot.nsg(nsgId);
        return g != null && LoggedRuleName.existsIn(g, loggedRuleName);
    }

    @Override
    public Decision evaluate(String nicId, Direction direction, int protocol, IpAddress src, int srcPort,
            IpAddress dst, int dstPort) {
        Nic nic = nicById(nicId);
        if (nic == null) {
            throw new IllegalArgumentException("unknown NIC '" + nicId + "'");
        }
        return evaluate(nic, direction, protocol, src, srcPort, dst, dstPort);
    }

    /** The hot path: the decision at a NIC for a flow (see {@link PolicyEvaluator#evaluate}). */
    public Decision evaluate(Nic nic, Direction direction, int protocol, IpAddress src, int srcPort,
            IpAddress dst, int dstPort) {
        if (PlatformAddresses.allowedByPlatform(direction, src, dst)) {
            return Decision.PLATFORM;
        }
        if (!Protocol.hasPorts(protocol)) {
            srcPort = PortRange.NO_PORT;
            dstPort = PortRange.NO_PORT;
        }
        // the IP configuration holding the NIC side's address; its rows are precomputed
        IpAddress local = direction == Direction.INBOUND ? dst : src;
        int config = -1;
        for (int i = 0; i < nic.ips.length; i++) {
            if (nic.ips[i].equals(local)) {
                config = i;
                break;
            }
        }
        int c = Math.max(config, 0);
        int dir = direction.ordinal();
        int nicRow = config < 0 ? -1 : nic.nicNsgLocalRow[c][dir];
        int subnetRow = config < 0 ? -1 : nic.subnetNsgLocalRow[c][dir];
        boolean inbound = direction == Direction.INBOUND;
        CompiledNsg first = inbound ? nic.subnetNsgs[c] : nic.nicNsg;
        CompiledNsg second = inbound ? nic.nicNsg : nic.subnetNsgs[c];
        int firstRow = inbound ? subnetRow : nicRow;
        int secondRow = inbound ? nicRow : subnetRow;
        AppliedAt firstAt = inbound ? AppliedAt.SUBNET : AppliedAt.NIC;
        AppliedAt secondAt = inbound ? AppliedAt.NIC : AppliedAt.SUBNET;
        int pc = RuleTable.protocolClass(protocol);
        int r1 = first == null ? -1 : first.match(direction, pc, src, srcPort, dst, dstPort, firstRow);
        if (second == null) {
            return first == null ? Decision.NO_NSG : first.alone(direction, firstAt, r1);
        }
        int r2;
        if (first != null) {
            NsgVerdict v1 = first.verdict(direction, firstAt, r1);
            if (v1.access() == Access.DENY) {
                return first.alone(direction, firstAt, r1);
            }
            r2 = second.match(direction, pc, src, srcPort, dst, dstPort, secondRow);
            NsgVerdict v2 = second.verdict(direction, secondAt, r2);
            return new Decision(v2.access(), v2, List.of(v1, v2), false);
        }
        r2 = second.match(direction, pc, src, srcPort, dst, dstPort, secondRow);
        return second.alone(direction, secondAt, r2);
    }

    /** Resolves rule addresses to ranges in the context of one VNet. */
    private static final class Resolver implements RuleTable.AddressResolver {
        final String vnetKey;
        private final List<AddressRange> virtualNetwork;
        private final List<AddressRange> internet;
        private final Map<String, List<AddressRange>> asgRanges;
        private final Map<String, List<AddressRange>> tagRanges;
        private final List<AddressRange> loadBalancer;

        Resolver(PolicySnapshot s, VirtualNetwork vnet, Map<String, List<AddressRange>> asgRanges,
                Map<String, List<AddressRange>> tagRanges, List<AddressRange> loadBalancer) {
            this.vnetKey = vnet.key();
            this.virtualNetwork = AddressRange.of(VirtualNetworkTag.prefixes(s, vnet));
            List<AddressRange> notInternet = new ArrayList<>(virtualNetwork);
            notInternet.addAll(AddressRange.of(PlatformAddresses.NON_INTERNET));
            this.internet = AddressRange.complement(notInternet);
            this.asgRanges = asgRanges;
            this.tagRanges = tagRanges;
            this.loadBalancer = loadBalancer;
        }

        @Override
        public List<AddressRange> resolve(List<String> entries, List<String> asgIds) {
            List<AddressRange> out = new ArrayList<>();
            for (String e : entries) {
                AddressEntry a = AddressEntry.parse(e);
                switch (a.kind()) {
                    case ANY -> out.add(AddressRange.ALL);
                    case PREFIX -> out.add(AddressRange.of(a.prefix()));
                    case VIRTUAL_NETWORK -> out.addAll(virtualNetwork);
                    case AZURE_LOAD_BALANCER -> out.addAll(loadBalancer);
                    case INTERNET -> out.addAll(internet);
                    case SERVICE_TAG -> out.addAll(tagRanges.get(a.tag().toLowerCase(Locale.ROOT)));
                }
            }
            for (String asg : asgIds) {
                out.addAll(asgRanges.getOrDefault(PolicyResource.keyOf(asg), List.of()));
            }
            return AddressRange.union(out);
        }
    }
}
