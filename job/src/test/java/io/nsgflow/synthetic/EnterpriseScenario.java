package io.nsgflow.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.PolicyReader;
import io.nsgflow.policy.PolicyResource;
import io.nsgflow.policy.PolicySnapshot;
import io.nsgflow.policy.PolicyValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A small, deterministic (seeded) enterprise network: a hub VNet with a management subnet (jump
 * host, monitoring) peered with two spokes, {@code prod} and {@code dev}, each with web/app/db
 * subnets, application security groups per tier, NSGs on every subnet and on prod's web NICs.
 * Prod and hub are logged with NSG flow logs (v2), dev with a VNet flow log (v4).
 *
 * <p>It provides the intended policy as Azure JSON (a v1 snapshot in az CLI shape and a v2 change of
 * one NSG, {@code nsg-prod-web}, that drops plain HTTP from the Internet) and the same policy
 * compiled, so a generator can predict what every NSG decides.
 *
 * <p>Addresses: hub 10.0.0.0/16 (mgmt 10.0.1.0/24, jump host 10.0.1.4), prod 10.1.0.0/16, dev
 * 10.2.0.0/16; tier subnets .1 web, .2 app, .3 db; NICs from .4 up.
 */
public final class EnterpriseScenario {

    public static final Instant DEFAULT_V1_FROM = Instant.parse("2026-11-20T10:00:00Z");
    public static final Duration DEFAULT_CHANGE_AFTER = Duration.ofMinutes(30);
    public static final int DEFAULT_NICS = 30;
    /** Fewer would leave a dev tier without a NIC. */
    public static final int MIN_NICS = 10;
    public static final int MAX_NICS = 500;

    /** The corporate egress range, the only Internet source allowed to SSH to the jump host. */
    public static final String CORP_EGRESS = "203.0.113.0/24";
    public static final String JUMP_HOST_IP = "10.0.1.4";
    public static final String STORAGE_TAG = "Storage.WestEurope";
    public static final String SQL_TAG = "Sql.WestEurope";
    public static final String V2_VERSION = "v2-https-only";
    /** The rule v2 removes from {@link #CHANGED_NSG}. */
    public static final String REMOVED_RULE = "AllowHttpFromInternet";
    public static final String CHANGED_NSG = "nsg-prod-web";

    static final String SUBSCRIPTION = "6f1c2a3b-4d5e-4f60-8a71-9b8c7d6e5f40";
    private static final String RG = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-contoso-net/providers/Microsoft.Network/";
    static final String FLOW_LOG_ID = ("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/NetworkWatcherRG/providers/"
            + "Microsoft.Network/networkWatchers/NetworkWatcher_westeurope/flowLogs/fl-vnet-dev").toUpperCase(Locale.ROOT);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public enum Tier { MGMT, WEB, APP, DB }

    /**
     * One VM's NIC. {@code vnetFlowLogs}: its traffic is logged by the VNet flow log (v4) rather
     * than by NSG flow logs (v2).
     */
    public record Host(String name, String nicId, String mac, String ip, String vnet, String vnetId, Tier tier,
            boolean vnetFlowLogs) {

        /** The MAC as flow logs write it: 12 hex digits, no separators. */
        public String logMac() {
            return mac.replace("-", "");
        }
    }

    private final long seed;
    private final Instant v1From;
    private final Instant v2From;
    private final List<Host> hosts;
    /** By tier, and by tier and VNet ({@code WEB|vnet-prod}): generators pick from these per flow. */
    private final Map<String, List<Host>> hostsByGroup = new HashMap<>();
    private final String snapshotV1Json;
    private final String changeV2Json;
    private final CompiledPolicy v1;
    private final CompiledPolicy v2;
    private final String flowLogGuid;

    private EnterpriseScenario(long seed, Instant v1From, Instant v2From, Builder b) throws PolicyValidationException {
        this.seed = seed;
        this.v1From = v1From;
        this.v2From = v2From;
        this.hosts = List.copyOf(b.hosts);
        for (Host h : hosts) {
            hostsByGroup.computeIfAbsent(h.tier().name(), k -> new ArrayList<>()).add(h);
            hostsByGroup.computeIfAbsent(h.tier() + "|" + h.vnet(), k -> new ArrayList<>()).add(h);
        }
        hostsByGroup.replaceAll((k, v) -> List.copyOf(v));
        this.snapshotV1Json = b.snapshotJson();
        this.changeV2Json = b.changeJson();
        PolicySnapshot s1 = PolicyReader.readSnapshot(snapshotV1Json);
        PolicyResource changed = PolicyReader.readResource(changeV2Json);
        this.v1 = CompiledPolicy.compile(s1);
        this.v2 = CompiledPolicy.compile(s1.with(changed).withVersion(V2_VERSION, v2From));
        this.flowLogGuid = b.guid();
    }

    /** 30 NICs, v1 from 2026-11-20T10:00:00Z, the v2 change 30 minutes later. */
    public static EnterpriseScenario generate(long seed) {
        return generate(seed, DEFAULT_NICS, DEFAULT_V1_FROM, DEFAULT_V1_FROM.plus(DEFAULT_CHANGE_AFTER));
    }

    /**
     * @param nics   number of NICs, {@value #MIN_NICS}-{@value #MAX_NICS}
     * @param v1From when the v1 snapshot takes effect
     * @param v2From when the v2 change takes effect (after v1From)
     */
    public static EnterpriseScenario generate(long seed, int nics, Instant v1From, Instant v2From) {
        if (nics < MIN_NICS || nics > MAX_NICS) {
            throw new IllegalArgumentException("nics must be " + MIN_NICS + "-" + MAX_NICS + ", was " + nics);
        }
        if (!v2From.isAfter(v1From)) {
            throw new IllegalArgumentException("v2From (" + v2From + ") must be after v1From (" + v1From + ")");
        }
        if (v1From.getNano() != 0 || v2From.getNano() != 0) {
            throw new IllegalArgumentException("v1From and v2From must be whole seconds (NSG flow logs have second precision)");
        }
        Builder b = new Builder(seed, v1From, v2From);
        b.build(nics);
        try {
            return new EnterpriseScenario(seed, v1From, v2From, b);
        } catch (PolicyValidationException e) {
            throw new IllegalStateException("the generated scenario is not a valid policy: " + e.getMessage(), e);
        }
    }

    public long seed() {
        return seed;
    }

    public Instant v1From() {
        return v1From;
    }

    public Instant v2From() {
        return v2From;
    }

    public List<Host> hosts() {
        return hosts;
    }

    public List<Host> hosts(Tier tier) {
        return hostsByGroup.getOrDefault(tier.name(), List.of());
    }

    public List<Host> hosts(Tier tier, String vnet) {
        return hostsByGroup.getOrDefault(tier + "|" + vnet, List.of());
    }

    public Host jumpHost() {
        return hosts.stream().filter(h -> h.ip().equals(JUMP_HOST_IP)).findFirst().orElseThrow();
    }

    /** The v1 snapshot document (az CLI shape), with {@code version} and {@code effectiveFrom}. */
    public String snapshotV1Json() {
        return snapshotV1Json;
    }

    /** The v2 policy message: the changed NSG with its own {@code version} and {@code effectiveFrom}. */
    public String changeV2Json() {
        return changeV2Json;
    }

    /** The policy in force at an instant (epoch ms), or null before v1. */
    public CompiledPolicy policyAt(long epochMillis) {
        if (epochMillis < v1From.toEpochMilli()) {
            return null;
        }
        return epochMillis < v2From.toEpochMilli() ? v1 : v2;
    }

    public CompiledPolicy v1() {
        return v1;
    }

    public CompiledPolicy v2() {
        return v2;
    }

    /** The VNet flow log's GUID (records' flowLogGUID). */
    String flowLogGuid() {
        return flowLogGuid;
    }

    static String id(String type, String name) {
        return RG + type + "/" + name;
    }

    /** Builds the resources as az CLI JSON. */
    private static final class Builder {
        private final Random random;
        private final Instant v1From;
        private final Instant v2From;
        private final List<Host> hosts = new ArrayList<>();
        private final Set<String> macs = new HashSet<>();
        private final ArrayNode vnets = MAPPER.createArrayNode();
        private final ArrayNode nics = MAPPER.createArrayNode();
        private final ArrayNode nsgs = MAPPER.createArrayNode();
        private final ArrayNode asgs = MAPPER.createArrayNode();
        private ObjectNode prodWebV2;

        Builder(long seed, Instant v1From, Instant v2From) {
            this.random = new Random(seed);
            this.v1From = v1From;
            this.v2From = v2From;
        }

        void build(int nicCount) {
            int spokeNics = nicCount - 2;
            int prod = (spokeNics * 3 + 4) / 5;
            int dev = spokeNics - prod;

            String hubId = id("virtualNetworks", "vnet-hub");
            String prodId = id("virtualNetworks", "vnet-prod");
            String devId = id("virtualNetworks", "vnet-dev");

            // hub
            nsgs.add(nsg("nsg-hub-mgmt", List.of(
                    rule("AllowSshFromCorp", 100, "Inbound", "Allow", "Tcp", prefixes(CORP_EGRESS), prefixes("*"), "22"),
                    rule("DenySshRdpFromInternet", 200, "Inbound", "Deny", "Tcp", prefixes("Internet"), prefixes("*"), "22", "3389"))));
            nsgs.add(nsg("nsg-jump-nic", List.of(
                    rule("AllowSshFromCorp", 100, "Inbound", "Allow", "Tcp", prefixes(CORP_EGRESS), prefixes("*"), "22"))));
            vnets.add(vnet("vnet-hub", "10.0.0.0/16", List.of(subnet(hubId, "mgmt", "10.0.1.0/24", "nsg-hub-mgmt")),
                    List.of(peering("hub-to-prod", prodId, "10.1.0.0/16"), peering("hub-to-dev", devId, "10.2.0.0/16"))));
            addNic("vm-jump-01", "vnet-hub", hubId, "mgmt", "10.0.1.4", Tier.MGMT, "nsg-jump-nic", null, false);
            addNic("vm-monitor-01", "vnet-hub", hubId, "mgmt", "10.0.1.5", Tier.MGMT, null, null, false);

            spoke("prod", 1, prodId, prod, false);
            spoke("dev", 2, devId, dev, true);
            vnets.add(vnet("vnet-prod", "10.1.0.0/16", tierSubnets(prodId, "prod", 1),
                    List.of(peering("prod-to-hub", hubId, "10.0.0.0/16"))));
            vnets.add(vnet("vnet-dev", "10.2.0.0/16", tierSubnets(devId, "dev", 2),
                    List.of(peering("dev-to-hub", hubId, "10.0.0.0/16"))));
        }

        private void spoke(String name, int octet, String vnetId, int nicCount, boolean vnetFlowLogs) {
            String vnet = "vnet-" + name;
            String asgWeb = asg("asg-" + name + "-web");
            String asgApp = asg("asg-" + name + "-app");
            String asgDb = asg("asg-" + name + "-db");
            List<ObjectNode> webRules = new ArrayList<>(List.of(
                    rule("AllowHttpsFromInternet", 100, "Inbound", "Allow", "Tcp", prefixes("Internet"), asgs(asgWeb), "443"),
                    rule(REMOVED_RULE, 110, "Inbound", "Allow", "Tcp", prefixes("Internet"), asgs(asgWeb), "80"),
                    rule("AllowSshFromJump", 200, "Inbound", "Allow", "Tcp", prefixes(JUMP_HOST_IP), prefixes("*"), "22"),
                    rule("DenySshRdpFromInternet", 300, "Inbound", "Deny", "Tcp", prefixes("Internet"), prefixes("*"), "22", "3389")));
            nsgs.add(nsg("nsg-" + name + "-web", webRules));
            if (name.equals("prod")) {
                List<ObjectNode> v2Rules = new ArrayList<>(webRules);
                v2Rules.remove(1);
                prodWebV2 = nsg("nsg-" + name + "-web", v2Rules);
            }
            nsgs.add(nsg("nsg-" + name + "-app", List.of(
                    rule("AllowAppFromWeb", 100, "Inbound", "Allow", "Tcp", asgs(asgWeb), asgs(asgApp), "8080"),
                    rule("AllowSshFromJump", 200, "Inbound", "Allow", "Tcp", prefixes(JUMP_HOST_IP), prefixes("*"), "22"),
                    rule("DenyVnetInBound", 4000, "Inbound", "Deny", "*", prefixes("VirtualNetwork"), prefixes("*"), "*"))));
            nsgs.add(nsg("nsg-" + name + "-db", List.of(
                    rule("AllowSqlFromApp", 100, "Inbound", "Allow", "Tcp", asgs(asgApp), asgs(asgDb), "1433"),
                    rule("AllowSshFromJump", 200, "Inbound", "Allow", "Tcp", prefixes(JUMP_HOST_IP), prefixes("*"), "22"),
                    rule("DenyVnetInBound", 4000, "Inbound", "Deny", "*", prefixes("VirtualNetwork"), prefixes("*"), "*"),
                    rule("AllowStorageBackup", 100, "Outbound", "Allow", "Tcp", prefixes("*"), prefixes(STORAGE_TAG), "443"),
                    rule("DenyInternetOutBound", 200, "Outbound", "Deny", "*", prefixes("*"), prefixes("Internet"), "*"))));
            String webNicNsg = null;
            if (name.equals("prod")) {
                webNicNsg = "nsg-prod-web-nic";
                nsgs.add(nsg(webNicNsg, List.of(
                        rule("AllowWebPorts", 100, "Inbound", "Allow", "Tcp", prefixes("*"), prefixes("*"), "80", "443"),
                        rule("AllowSshFromJump", 110, "Inbound", "Allow", "Tcp", prefixes(JUMP_HOST_IP), prefixes("*"), "22"),
                        rule("AllowSqlToAzure", 100, "Outbound", "Allow", "Tcp", prefixes("*"), prefixes(SQL_TAG), "1433"))));
            }
            int web = Math.max(1, nicCount / 2);
            int app = Math.max(1, (nicCount * 3) / 10);
            int db = Math.max(1, nicCount - web - app);
            web = nicCount - app - db;
            for (int i = 0; i < web; i++) {
                addNic(String.format("vm-%s-web-%02d", name, i + 1), vnet, vnetId, "web", "10." + octet + ".1." + (4 + i),
                        Tier.WEB, webNicNsg, asgWeb, vnetFlowLogs);
            }
            for (int i = 0; i < app; i++) {
                addNic(String.format("vm-%s-app-%02d", name, i + 1), vnet, vnetId, "app", "10." + octet + ".2." + (4 + i),
                        Tier.APP, null, asgApp, vnetFlowLogs);
            }
            for (int i = 0; i < db; i++) {
                addNic(String.format("vm-%s-db-%02d", name, i + 1), vnet, vnetId, "db", "10." + octet + ".3." + (4 + i),
                        Tier.DB, null, asgDb, vnetFlowLogs);
            }
        }

        private List<ObjectNode> tierSubnets(String vnetId, String spoke, int octet) {
            return List.of(
                    subnet(vnetId, "web", "10." + octet + ".1.0/24", "nsg-" + spoke + "-web"),
                    subnet(vnetId, "app", "10." + octet + ".2.0/24", "nsg-" + spoke + "-app"),
                    subnet(vnetId, "db", "10." + octet + ".3.0/24", "nsg-" + spoke + "-db"));
        }

        private void addNic(String vm, String vnet, String vnetId, String subnet, String ip, Tier tier, String nsg,
                String asgId, boolean vnetFlowLogs) {
            String name = vm + "-nic";
            String nicId = id("networkInterfaces", name);
            String mac = newMac();
            ObjectNode n = MAPPER.createObjectNode();
            n.put("name", name).put("id", nicId).put("type", "Microsoft.Network/networkInterfaces")
                    .put("location", "westeurope").put("macAddress", mac).put("primary", true)
                    .put("enableAcceleratedNetworking", true);
            if (nsg != null) {
                n.putObject("networkSecurityGroup").put("id", id("networkSecurityGroups", nsg));
            }
            ObjectNode cfg = n.putArray("ipConfigurations").addObject();
            cfg.put("name", "ipconfig1").put("privateIPAddress", ip).put("privateIPAllocationMethod", "Dynamic")
                    .put("primary", true);
            cfg.putObject("subnet").put("id", vnetId + "/subnets/" + subnet);
            if (asgId != null) {
                cfg.putArray("applicationSecurityGroups").addObject().put("id", asgId);
            }
            n.putObject("virtualMachine").put("id",
                    "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-contoso-vms/providers/Microsoft.Compute/virtualMachines/" + vm);
            nics.add(n);
            hosts.add(new Host(vm, nicId, mac, ip, vnet, vnetId, tier, vnetFlowLogs));
        }

        private String newMac() {
            while (true) {
                String mac = String.format("00-0D-3A-%02X-%02X-%02X", random.nextInt(256), random.nextInt(256), random.nextInt(256));
                if (macs.add(mac)) {
                    return mac;
                }
            }
        }

        String guid() {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }

        private String asg(String name) {
            String asgId = id("applicationSecurityGroups", name);
            asgs.addObject().put("name", name).put("id", asgId).put("type", "Microsoft.Network/applicationSecurityGroups")
                    .put("location", "westeurope");
            return asgId;
        }

        private ObjectNode nsg(String name, List<ObjectNode> rules) {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("name", name).put("id", id("networkSecurityGroups", name))
                    .put("type", "Microsoft.Network/networkSecurityGroups").put("location", "westeurope")
                    .put("resourceGuid", guid());
            ArrayNode a = n.putArray("securityRules");
            rules.forEach(r -> a.add(r.deepCopy()));
            return n;
        }

        private record Side(List<String> prefixes, String asgId) {}

        private static Side prefixes(String... p) {
            return new Side(List.of(p), null);
        }

        private static Side asgs(String asgId) {
            return new Side(List.of(), asgId);
        }

        private static ObjectNode rule(String name, int priority, String direction, String access, String protocol,
                Side src, Side dst, String... dstPorts) {
            ObjectNode r = MAPPER.createObjectNode();
            r.put("name", name).put("priority", priority).put("direction", direction).put("access", access)
                    .put("protocol", protocol).put("sourcePortRange", "*");
            side(r, "source", src);
            side(r, "destination", dst);
            if (dstPorts.length == 1) {
                r.put("destinationPortRange", dstPorts[0]);
                r.putArray("destinationPortRanges");
            } else {
                r.put("destinationPortRange", "");
                ArrayNode a = r.putArray("destinationPortRanges");
                for (String p : dstPorts) {
                    a.add(p);
                }
            }
            return r;
        }

        private static void side(ObjectNode r, String field, Side s) {
            if (s.asgId() != null) {
                r.putArray(field + "ApplicationSecurityGroups").addObject().put("id", s.asgId());
                r.putArray(field + "AddressPrefixes");
            } else if (s.prefixes().size() == 1) {
                r.put(field + "AddressPrefix", s.prefixes().get(0));
                r.putArray(field + "AddressPrefixes");
            } else {
                ArrayNode a = r.putArray(field + "AddressPrefixes");
                s.prefixes().forEach(a::add);
            }
        }

        private ObjectNode vnet(String name, String space, List<ObjectNode> subnets, List<ObjectNode> peerings) {
            ObjectNode v = MAPPER.createObjectNode();
            v.put("name", name).put("id", id("virtualNetworks", name)).put("type", "Microsoft.Network/virtualNetworks")
                    .put("location", "westeurope").put("resourceGuid", guid());
            v.putObject("addressSpace").putArray("addressPrefixes").add(space);
            v.putArray("subnets").addAll(subnets);
            v.putArray("virtualNetworkPeerings").addAll(peerings);
            return v;
        }

        private static ObjectNode subnet(String vnetId, String name, String prefix, String nsg) {
            ObjectNode s = MAPPER.createObjectNode();
            s.put("name", name).put("id", vnetId + "/subnets/" + name).put("addressPrefix", prefix);
            s.putObject("networkSecurityGroup").put("id", id("networkSecurityGroups", nsg));
            return s;
        }

        private static ObjectNode peering(String name, String remoteId, String remoteSpace) {
            ObjectNode p = MAPPER.createObjectNode();
            p.put("name", name).put("peeringState", "Connected").put("allowForwardedTraffic", true);
            p.putObject("remoteVirtualNetwork").put("id", remoteId);
            p.putObject("remoteAddressSpace").putArray("addressPrefixes").add(remoteSpace);
            return p;
        }

        private static ObjectNode serviceTags() {
            ObjectNode t = MAPPER.createObjectNode();
            t.put("changeNumber", "87").put("cloud", "Public");
            ArrayNode values = t.putArray("values");
            tag(values, STORAGE_TAG, "westeurope", "Storage", "20.38.108.0/23", "20.60.28.0/23", "52.239.140.0/22");
            tag(values, SQL_TAG, "westeurope", "Sql", "13.69.105.0/25", "20.61.99.192/26", "104.40.168.0/23");
            return t;
        }

        private static void tag(ArrayNode values, String name, String region, String service, String... prefixes) {
            ObjectNode v = values.addObject();
            v.put("name", name).put("id", name);
            ObjectNode p = v.putObject("properties");
            p.put("changeNumber", 12).put("region", region).put("systemService", "Azure" + service);
            ArrayNode a = p.putArray("addressPrefixes");
            for (String s : prefixes) {
                a.add(s);
            }
        }

        String snapshotJson() {
            ObjectNode s = MAPPER.createObjectNode();
            s.put("version", "v1").put("effectiveFrom", v1From.toString());
            s.set("virtualNetworks", vnets);
            s.set("networkInterfaces", nics);
            s.set("networkSecurityGroups", nsgs);
            s.set("applicationSecurityGroups", asgs);
            s.set("serviceTags", serviceTags());
            return write(s);
        }

        String changeJson() {
            ObjectNode c = MAPPER.createObjectNode();
            c.put("version", V2_VERSION).put("effectiveFrom", v2From.toString());
            // the same NSG (same resourceGuid) as in v1, minus the removed rule
            ObjectNode v1Nsg = null;
            for (var n : nsgs) {
                if (n.get("name").asText().equals(CHANGED_NSG)) {
                    v1Nsg = (ObjectNode) n;
                }
            }
            prodWebV2.put("resourceGuid", v1Nsg.get("resourceGuid").asText());
            c.setAll(prodWebV2);
            return write(c);
        }

        private static String write(ObjectNode n) {
            try {
                return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
