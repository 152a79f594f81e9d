package io.nsgflow.policy.synthetic;

import io.nsgflow.policy.AdminAction;
import io.nsgflow.policy.ApplicationSecurityGroup;
import io.nsgflow.policy.NetworkGroup;
import io.nsgflow.policy.SecurityAdminConfiguration;
import io.nsgflow.policy.SecurityAdminRule;
import io.nsgflow.policy.Access;
import io.nsgflow.policy.DefaultRules;
import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.policy.NetworkInterface;
import io.nsgflow.policy.NetworkSecurityGroup;
import io.nsgflow.policy.PolicyResource;
import io.nsgflow.policy.PolicySnapshot;
import io.nsgflow.policy.SecurityRule;
import io.nsgflow.policy.ServiceTags;
import io.nsgflow.policy.VirtualNetwork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generates valid but adversarial policies: overlapping prefixes of every length, port ranges at
 * the edges, ASGs, service tags (overlapping each other and the VNets), IPv6, protocol {@code *},
 * rules that shadow the defaults, explicit default rules, NICs and subnets with and without NSGs,
 * NICs with several IP configurations in different subnets, peered VNets; with {@link Extras},
 * also IP configurations holding address blocks (REST {@code privateIPAddressPrefixLength}) and
 * AVNM security admin configurations (network groups of some VNets, rule collections applying to
 * them, rules of every action with priorities that tie across collections, service tags and
 * network groups as addresses).
 *
 * <p>Addresses: VNet v has 10.v.0.0/16 and fd00:0:v::/48; its subnet s has 10.v.s.0/24 and
 * fd00:0:v:s::/64.
 */
public final class RandomPolicyGenerator {

    private static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-synthetic"
            + "/providers/Microsoft.Network/";
    private static final int[] EDGE_PORTS = {0, 1, 22, 53, 79, 80, 81, 443, 1023, 1024, 3389, 49152, 65534, 65535};
    private static final String[] REGIONS = {"EastUS", "WestEurope", "NorthEurope", "SoutheastAsia", "WestUS2"};
    private static final String[] SERVICES = {"Storage", "Sql", "AzureCloud", "AzureMonitor", "KeyVault", "EventHub"};

    private final Random random;
    private final PolicyShape shape;
    private final Extras extras;

    /** What goes beyond the NSG model of the original generator (off: the same policies as before for a seed). */
    public record Extras(boolean addressBlocks, boolean adminRules) {
        public static final Extras NONE = new Extras(false, false);
        public static final Extras ALL = new Extras(true, true);
    }

    private final List<VirtualNetwork> vnets = new ArrayList<>();
    private final List<List<String>> asgsByVnet = new ArrayList<>();
    private final List<String> asgIds = new ArrayList<>();
    private final List<String> nicIps = new ArrayList<>();
    private final List<String> tagNames = new ArrayList<>();

    private RandomPolicyGenerator(PolicyShape shape, long seed, Extras extras) {
        this.shape = shape;
        this.random = new Random(seed);
        this.extras = extras;
    }

    /** A snapshot of the given shape; the same seed gives the same policy. */
    public static PolicySnapshot generate(PolicyShape shape, long seed) {
        return generate(shape, seed, Extras.NONE);
    }

    /** A snapshot of the given shape with the given extras; the same seed and extras give the same policy. */
    public static PolicySnapshot generate(PolicyShape shape, long seed, Extras extras) {
        return new RandomPolicyGenerator(shape, seed, extras).build();
    }

    public static String id(String type, String name) {
        return SUB + type + "/" + name;
    }

    private PolicySnapshot build() {
        List<PolicyResource> resources = new ArrayList<>();
        List<String> nsgIds = new ArrayList<>();
        for (int i = 0; i < shape.nsgs(); i++) {
            nsgIds.add(id("networkSecurityGroups", "nsg-" + i));
        }
        for (int i = 0; i < shape.asgs(); i++) {
            String name = "asg-" + i;
            ApplicationSecurityGroup a = new ApplicationSecurityGroup(id("applicationSecurityGroups", name), name);
            resources.add(a);
        }
        buildVnets(nsgIds);
        resources.addAll(vnets);
        for (int v = 0; v < shape.vnets(); v++) {
            asgsByVnet.add(new ArrayList<>());
        }
        for (int i = 0; i < shape.asgs(); i++) {
            String asgId = id("applicationSecurityGroups", "asg-" + i);
            asgIds.add(asgId);
            asgsByVnet.get(random.nextInt(shape.vnets())).add(asgId);
        }
        resources.addAll(buildNics(nsgIds));
        ServiceTags tags = buildServiceTags();
        resources.add(tags);
        int remaining = shape.rules();
        for (int i = 0; i < shape.nsgs(); i++) {
            int share = i == shape.nsgs() - 1 ? remaining : unevenShare(remaining, shape.nsgs() - i);
            remaining -= share;
            resources.add(buildNsg(nsgIds.get(i), "nsg-" + i, share));
        }
        if (extras.adminRules()) {
            resources.addAll(buildAvnm());
        }
        return PolicySnapshot.of("synthetic-" + shape.hashCode(), Instant.parse("2026-11-20T10:00:00Z"), resources);
    }

    private int unevenShare(int remaining, int nsgsLeft) {
        int mean = remaining / nsgsLeft;
        int roll = random.nextInt(10);
        int share = roll == 0 ? 0 : roll == 1 ? mean * 2 + random.nextInt(mean + 2) : mean / 2 + random.nextInt(mean + 1);
        return Math.min(Math.min(share, remaining), 900);
    }

    private void buildVnets(List<String> nsgIds) {
        for (int v = 0; v < shape.vnets(); v++) {
            String vnetName = "vnet-" + v;
            String vnetId = id("virtualNetworks", vnetName);
            List<String> space = new ArrayList<>(List.of("10." + v + ".0.0/16"));
            if (shape.ipv6()) {
                space.add("fd00:0:" + Integer.toHexString(v) + "::/48");
            }
            List<VirtualNetwork.Subnet> subnets = new ArrayList<>();
            for (int s = 0; s < shape.subnetsPerVnet(); s++) {
                List<String> prefixes = new ArrayList<>(List.of("10." + v + "." + s + ".0/24"));
                if (shape.ipv6()) {
                    prefixes.add("fd00:0:" + Integer.toHexString(v) + ":" + Integer.toHexString(s) + "::/64");
                }
                String nsg = random.nextInt(10) < 7 ? nsgFor(v, nsgIds) : null;
                subnets.add(new VirtualNetwork.Subnet(vnetId + "/subnets/subnet-" + s, "subnet-" + s, prefixes, nsg));
            }
            List<VirtualNetwork.Peering> peerings = new ArrayList<>();
            if (shape.vnets() > 1 && random.nextBoolean()) {
                int other = (v + 1 + random.nextInt(shape.vnets() - 1)) % shape.vnets();
                List<String> remote = random.nextBoolean() ? List.of("10." + other + ".0.0/16") : List.of();
                peerings.add(new VirtualNetwork.Peering("peer-" + v + "-" + other, id("virtualNetworks", "vnet-" + other), remote));
            }
            vnets.add(new VirtualNetwork(vnetId, vnetName, space, subnets, peerings));
        }
    }

    /**
     * Mostly an NSG of the VNet's own share (as teams keep NSGs per application), sometimes any
     * NSG: one NSG on subnets of several VNets is compiled once per VNet.
     */
    private String nsgFor(int vnet, List<String> nsgIds) {
        if (random.nextInt(50) == 0 || nsgIds.size() < shape.vnets()) {
            return nsgIds.get(random.nextInt(nsgIds.size()));
        }
        int perVnet = nsgIds.size() / shape.vnets();
        return nsgIds.get(vnet * perVnet + random.nextInt(perVnet));
    }

    private List<NetworkInterface> buildNics(List<String> nsgIds) {
        int subnetCount = shape.vnets() * shape.subnetsPerVnet();
        int[] nextHost = new int[subnetCount];
        List<NetworkInterface> nics = new ArrayList<>();
        for (int i = 0; i < shape.nics(); i++) {
            int v = random.nextInt(shape.vnets());
            int s = random.nextInt(shape.subnetsPerVnet());
            if (nextHost[v * shape.subnetsPerVnet() + s] >= 240) {
                // full: take the next subnet with room
                int k = v * shape.subnetsPerVnet() + s;
                while (nextHost[k] >= 240) {
                    k = (k + 1) % subnetCount;
                }
                v = k / shape.subnetsPerVnet();
                s = k % shape.subnetsPerVnet();
            }
            List<NetworkInterface.IpConfiguration> configs = new ArrayList<>();
            NetworkInterface.IpConfiguration first = extras.addressBlocks() && random.nextInt(5) == 0
                    ? blockConfig("ipconfig1", v, s, nextHost, shape.ipv6() && random.nextInt(3) == 0) : null;
            configs.add(first != null ? first : ipConfig("ipconfig1", v, s, nextHost, false));
            int extra = random.nextInt(8);
            NetworkInterface.IpConfiguration block = extras.addressBlocks() && extra >= 6
                    ? blockConfig("ipconfig-block", v, random.nextInt(shape.subnetsPerVnet()), nextHost,
                            shape.ipv6() && random.nextBoolean())
                    : null;
            if (block != null) {
                configs.add(block);
            } else if (extra == 0 && shape.ipv6()) {
                configs.add(ipConfig("ipconfig-v6", v, s, nextHost, true));
            } else if (extra == 1) {
                int s2 = random.nextInt(shape.subnetsPerVnet());
                if (nextHost[v * shape.subnetsPerVnet() + s2] < 240) {
                    configs.add(ipConfig("ipconfig2", v, s2, nextHost, random.nextBoolean() && shape.ipv6()));
                }
            }
            String name = "nic-" + i;
            String mac = String.format(Locale.ROOT, "00-0D-3A-%02X-%02X-%02X", (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF);
            String nsg = random.nextInt(10) < 6 ? nsgFor(v, nsgIds) : null;
            nics.add(new NetworkInterface(id("networkInterfaces", name), name, mac, nsg, configs));
        }
        return nics;
    }

    private NetworkInterface.IpConfiguration ipConfig(String name, int v, int s, int[] nextHost, boolean v6) {
        int k = v * shape.subnetsPerVnet() + s;
        int host = 4 + nextHost[k]++;
        String ip = v6 ? "fd00:0:" + Integer.toHexString(v) + ":" + Integer.toHexString(s) + "::" + Integer.toHexString(host)
                : "10." + v + "." + s + "." + host;
        nicIps.add(ip);
        List<String> asgs = new ArrayList<>();
        List<String> pool = asgsByVnet.get(v);
        int n = pool.isEmpty() ? 0 : random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String a = pool.get(random.nextInt(pool.size()));
            if (!asgs.contains(a)) {
                asgs.add(a);
            }
        }
        return new NetworkInterface.IpConfiguration(name, ip, vnets.get(v).subnets().get(s).id(), asgs);
    }

    /**
     * A configuration holding an aligned block (/28-/30 in IPv4, /124-/126 in IPv6) of the subnet,
     * or null when the subnet has no room left for one.
     */
    private NetworkInterface.IpConfiguration blockConfig(String name, int v, int s, int[] nextHost, boolean v6) {
        int k = v * shape.subnetsPerVnet() + s;
        int size = 4 << random.nextInt(3);
        int start = (4 + nextHost[k] + size - 1) / size * size;
        if (start + size > 244) {
            return null;
        }
        nextHost[k] = start + size - 4;
        int length = (v6 ? 128 : 32) - Integer.numberOfTrailingZeros(size);
        String ip = v6 ? "fd00:0:" + Integer.toHexString(v) + ":" + Integer.toHexString(s) + "::" + Integer.toHexString(start)
                : "10." + v + "." + s + "." + start;
        nicIps.add(ip);
        List<String> asgs = new ArrayList<>();
        List<String> pool = asgsByVnet.get(v);
        if (!pool.isEmpty() && random.nextBoolean()) {
            asgs.add(pool.get(random.nextInt(pool.size())));
        }
        return new NetworkInterface.IpConfiguration(name, ip, length, vnets.get(v).subnets().get(s).id(), asgs);
    }

    private List<PolicyResource> buildAvnm() {
        String manager = "networkManagers/nm-synthetic";
        List<PolicyResource> out = new ArrayList<>();
        List<String> groupIds = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            List<String> members = new ArrayList<>();
            for (VirtualNetwork v : vnets) {
                if (random.nextBoolean()) {
                    // ids are case-insensitive: sometimes a member in upper case
                    members.add(random.nextInt(4) == 0 ? v.id().toUpperCase(Locale.ROOT) : v.id());
                }
            }
            String id = id(manager + "/networkGroups", "ng-" + g);
            groupIds.add(id);
            out.add(new NetworkGroup(id, "ng-" + g, members));
        }
        int configs = 1 + random.nextInt(2);
        for (int c = 0; c < configs; c++) {
            String configId = id(manager + "/securityAdminConfigurations", "sac-" + c);
            List<SecurityAdminConfiguration.RuleCollection> collections = new ArrayList<>();
            int n = 1 + random.nextInt(2);
            for (int k = 0; k < n; k++) {
                List<String> applies = random.nextInt(3) == 0 ? groupIds : List.of(groupIds.get(random.nextInt(groupIds.size())));
                List<SecurityAdminRule> rules = new ArrayList<>();
                int count = 3 + random.nextInt(10);
                for (int r = 0; r < count; r++) {
                    rules.add(randomAdminRule(configId + "/ruleCollections/rc-" + k, "admin-" + r, groupIds));
                }
                collections.add(new SecurityAdminConfiguration.RuleCollection(configId + "/ruleCollections/rc-" + k, "rc-" + k,
                        applies, rules));
            }
            out.add(new SecurityAdminConfiguration(configId, "sac-" + c,
                    String.format(Locale.ROOT, "5ac%05x-0000-4000-8000-%012x", c, (long) collections.size()), collections));
        }
        return out;
    }

    private SecurityAdminRule randomAdminRule(String collectionId, String name, List<String> groupIds) {
        String[] protocols = {"Any", "Any", "Tcp", "Tcp", "Udp", "Icmp", "Esp", "Ah"};
        AdminAction[] actions = AdminAction.values();
        // a narrow range now and then, so that rules of different collections tie
        int priority = random.nextInt(3) == 0 ? 1 + random.nextInt(8) : 1 + random.nextInt(4096);
        Direction d = random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
        List<String> src = adminAddresses(groupIds);
        List<String> dst = adminAddresses(groupIds);
        return new SecurityAdminRule(collectionId + "/rules/" + name, name, priority, d, actions[random.nextInt(actions.length)],
                protocols[random.nextInt(protocols.length)], src, ports(true), dst, ports(false));
    }

    private List<String> adminAddresses(List<String> groupIds) {
        if (random.nextInt(8) == 0) {
            return List.of(SecurityAdminRule.NETWORK_GROUP_ENTRY + groupIds.get(random.nextInt(groupIds.size())));
        }
        return addresses();
    }

    private ServiceTags buildServiceTags() {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (int t = 0; t < shape.serviceTags(); t++) {
            String service = SERVICES[t % SERVICES.length];
            String name = t < SERVICES.length ? service : service + "." + REGIONS[(t / SERVICES.length) % REGIONS.length]
                    + (t >= SERVICES.length * (REGIONS.length + 1) ? "" + t : "");
            tagNames.add(name);
            tags.put(name, new ArrayList<>());
        }
        int total = shape.serviceTagPrefixes();
        for (int i = 0; i < total && !tagNames.isEmpty(); i++) {
            String name = tagNames.get(random.nextInt(tagNames.size()));
            tags.get(name).add(randomPrefix(true));
        }
        return new ServiceTags("1", tags);
    }

    /** A prefix somewhere interesting: public space, the VNets, IPv6, the platform address. */
    private String randomPrefix(boolean mostlyPublic) {
        int roll = random.nextInt(10);
        if (roll < (mostlyPublic ? 6 : 2)) {
            int len = 12 + random.nextInt(21);
            return mask(IpAddress.ofIpv4(0x14000000 + random.nextInt(0x30000000)), len);
        }
        if (roll < 8) {
            int v = random.nextInt(shape.vnets());
            int len = 8 + random.nextInt(25);
            return mask(IpAddress.ofIpv4((10 << 24) | (v << 16) | random.nextInt(1 << 16)), len);
        }
        if (roll == 8 && shape.ipv6()) {
            int v = random.nextInt(shape.vnets());
            return random.nextBoolean() ? "2603:10" + random.nextInt(10) + "0::/" + (32 + random.nextInt(33))
                    : "fd00:0:" + Integer.toHexString(v) + "::/" + (40 + random.nextInt(89));
        }
        return random.nextBoolean() ? "168.63.129.16/32" : "0.0.0.0/" + random.nextInt(3);
    }

    private static String mask(IpAddress a, int len) {
        long v = a.lo() & 0xFFFF_FFFFL;
        long m = len == 0 ? 0 : (0xFFFF_FFFFL << (32 - len)) & 0xFFFF_FFFFL;
        return IpAddress.ofIpv4((int) (v & m)) + "/" + len;
    }

    private NetworkSecurityGroup buildNsg(String nsgId, String name, int ruleCount) {
        List<Integer> inPriorities = priorities();
        List<Integer> outPriorities = priorities();
        List<SecurityRule> rules = new ArrayList<>();
        int in = 0;
        int out = 0;
        for (int i = 0; i < ruleCount; i++) {
            Direction d = random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
            int priority = d == Direction.INBOUND ? inPriorities.get(in++) : outPriorities.get(out++);
            rules.add(randomRule("rule-" + i, priority, d));
        }
        List<SecurityRule> defaults = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            // an explicit, partial defaultSecurityRules list, with names in another case
            for (SecurityRule r : DefaultRules.ALL) {
                if (random.nextBoolean()) {
                    defaults.add(new SecurityRule(r.name().toUpperCase(Locale.ROOT), r.priority(), r.direction(), r.access(),
                            r.protocol(), r.sourceAddressPrefixes(), r.sourcePortRanges(), r.destinationAddressPrefixes(),
                            r.destinationPortRanges(), List.of(), List.of(), true));
                }
            }
        }
        String guid = String.format(Locale.ROOT, "%08x-0000-4000-8000-%012x", name.hashCode(), (long) ruleCount);
        return new NetworkSecurityGroup(nsgId, name, guid, rules, DefaultRules.complete(defaults));
    }

    private List<Integer> priorities() {
        List<Integer> all = new ArrayList<>(3997);
        for (int p = 100; p <= 4096; p++) {
            all.add(p);
        }
        Collections.shuffle(all, random);
        return all;
    }

    private SecurityRule randomRule(String name, int priority, Direction d) {
        String[] protocols = {"*", "*", "Tcp", "Tcp", "Udp", "Icmp", "Esp", "Ah", "TCP", "udp"};
        String protocol = protocols[random.nextInt(protocols.length)];
        Access access = random.nextInt(5) < 2 ? Access.DENY : Access.ALLOW;
        List<String> srcAsgs = random.nextInt(6) == 0 ? randomAsgs() : List.of();
        List<String> dstAsgs = random.nextInt(5) == 0 ? randomAsgs() : List.of();
        List<String> src = srcAsgs.isEmpty() || random.nextBoolean() ? addresses() : List.of();
        List<String> dst = dstAsgs.isEmpty() || random.nextBoolean() ? addresses() : List.of();
        if (src.isEmpty() && srcAsgs.isEmpty()) {
            src = List.of("*");
        }
        if (dst.isEmpty() && dstAsgs.isEmpty()) {
            dst = List.of("*");
        }
        return new SecurityRule(name, priority, d, access, protocol, src, ports(true), dst, ports(false), srcAsgs, dstAsgs, false);
    }

    private List<String> randomAsgs() {
        if (asgIds.isEmpty()) {
            return List.of();
        }
        int n = 1 + random.nextInt(2);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String a = asgIds.get(random.nextInt(asgIds.size()));
            // ids are case-insensitive: sometimes refer to the ASG in upper case
            out.add(random.nextInt(4) == 0 ? a.toUpperCase(Locale.ROOT) : a);
        }
        return out;
    }

    private List<String> addresses() {
        int n = random.nextInt(4) == 0 ? 1 + random.nextInt(4) : 1;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(address());
        }
        return out;
    }

    private String address() {
        int roll = random.nextInt(22);
        return switch (roll) {
            case 0, 1, 2, 20, 21 -> "*";
            case 3, 19 -> random.nextBoolean() ? "VirtualNetwork" : "virtualnetwork";
            case 4 -> "Internet";
            case 5 -> random.nextBoolean() ? "AzureLoadBalancer" : "Any";
            case 6, 7 -> tagNames.isEmpty() ? "*" : tagNames.get(random.nextInt(tagNames.size()));
            case 8, 9 -> nicIps.get(random.nextInt(nicIps.size()));
            case 10 -> {
                String ip = nicIps.get(random.nextInt(nicIps.size()));
                yield ip + (ip.contains(":") ? "/120" : "/30");
            }
            default -> randomPrefix(false);
        };
    }

    private List<String> ports(boolean source) {
        if (source && random.nextInt(4) != 0) {
            return List.of("*");
        }
        int roll = random.nextInt(6);
        if (roll == 0) {
            return List.of("*");
        }
        int n = roll == 1 ? 2 + random.nextInt(3) : 1;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = random.nextBoolean() ? EDGE_PORTS[random.nextInt(EDGE_PORTS.length)] : random.nextInt(65536);
            if (random.nextBoolean()) {
                out.add(Integer.toString(a));
            } else {
                int b = random.nextBoolean() ? EDGE_PORTS[random.nextInt(EDGE_PORTS.length)] : random.nextInt(65536);
                out.add(Math.min(a, b) + "-" + Math.max(a, b));
            }
        }
        return out;
    }
}
