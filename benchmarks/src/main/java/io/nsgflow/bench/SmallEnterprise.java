package io.nsgflow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small enterprise for the pipeline benchmark, written as Azure writes it: one VNet with web,
 * app, db and mgmt subnets (32 NICs each, one NSG per subnet with a dozen rules), its policy
 * snapshot in ARM JSON, and an hour of NSG v2 flow-log records whose tuples hit its NICs: HTTPS
 * from the Internet to web, web to app on 8080, app to db on 1433, SSH from mgmt, denied SSH
 * from the Internet, app to the Internet. Allowed connections log B, C and E tuples (C and E with
 * counters), denied ones a B tuple. The logged rules are those the policy predicts, except for
 * planted drift (1 in 50 SSH attempts from the Internet allowed by a rule the policy lacks).
 */
final class SmallEnterprise {

    static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    private static final String SUB = "/subscriptions/00000000-0000-0000-0000-00000000be0c/resourceGroups/rg-corp"
            + "/providers/Microsoft.Network/";
    private static final String[] SUBNETS = {"web", "app", "db", "mgmt"};
    private static final int NICS_PER_SUBNET = 32;

    private SmallEnterprise() {}

    /**
     * Writes the data to a folder, to look at it or replay it:
     * {@code java -cp benchmarks/target/benchmarks.jar io.nsgflow.bench.SmallEnterprise DIR [MINUTES] [TUPLES_PER_MINUTE]}.
     */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int perMinute = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        java.nio.file.Files.createDirectories(dir.resolve("flowlogs"));
        java.nio.file.Files.writeString(dir.resolve("snapshot.json"), snapshotJson());
        List<byte[]> payloads = payloads(minutes, perMinute, 7);
        for (int i = 0; i < payloads.size(); i++) {
            java.nio.file.Files.write(dir.resolve("flowlogs").resolve(String.format("%05d.json", i)), payloads.get(i));
        }
        System.out.println(payloads.size() + " flow-log files, " + tuples(payloads) + " tuples in " + dir);
    }

    /** The policy snapshot, in force from an hour before {@link #START}. */
    static String snapshotJson() {
        StringBuilder b = new StringBuilder(64_000);
        b.append("{\"version\":\"bench-v1\",\"effectiveFrom\":\"").append(START.minusSeconds(3600)).append("\",");
        b.append("\"virtualNetworks\":[{\"name\":\"vnet-corp\",\"id\":\"").append(SUB).append("virtualNetworks/vnet-corp\",")
                .append("\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[");
        for (int s = 0; s < SUBNETS.length; s++) {
            b.append(s == 0 ? "" : ",").append("{\"name\":\"").append(SUBNETS[s]).append("\",\"id\":\"").append(subnetId(s))
                    .append("\",\"addressPrefix\":\"10.0.").append(s + 1).append(".0/24\",\"networkSecurityGroup\":{\"id\":\"")
                    .append(nsgId(s)).append("\"}}");
        }
        b.append("]}],\"networkInterfaces\":[");
        for (int s = 0; s < SUBNETS.length; s++) {
            for (int n = 0; n < NICS_PER_SUBNET; n++) {
                String name = "nic-" + SUBNETS[s] + "-" + n;
                b.append(s + n == 0 ? "" : ",").append("{\"name\":\"").append(name).append("\",\"id\":\"").append(SUB)
                        .append("networkInterfaces/").append(name).append("\",\"macAddress\":\"")
                        .append(String.format("00-0D-3A-00-%02X-%02X", s + 1, n)).append("\",\"ipConfigurations\":[")
                        .append("{\"name\":\"ipconfig1\",\"privateIpAddress\":\"").append(ip(s, n))
                        .append("\",\"subnet\":{\"id\":\"").append(subnetId(s)).append("\"}}]}");
            }
        }
        b.append("],\"networkSecurityGroups\":[");
        for (int s = 0; s < SUBNETS.length; s++) {
            b.append(s == 0 ? "" : ",").append("{\"name\":\"nsg-").append(SUBNETS[s]).append("\",\"id\":\"").append(nsgId(s))
                    .append("\",\"resourceGuid\":\"22222222-0000-4000-8000-00000000000").append(s + 1)
                    .append("\",\"securityRules\":[");
            List<String> rules = new ArrayList<>();
            switch (SUBNETS[s]) {
                case "web" -> {
                    rules.add(rule("AllowHttpsFromInternet", 100, "Allow", "Tcp", "Internet", "443"));
                    rules.add(rule("AllowSshFromMgmt", 110, "Allow", "Tcp", "10.0.4.0/24", "22"));
                    rules.add(rule("DenySsh", 200, "Deny", "Tcp", "*", "22"));
                }
                case "app" -> {
                    rules.add(rule("AllowAppFromWeb", 100, "Allow", "Tcp", "10.0.1.0/24", "8080"));
                    rules.add(rule("AllowSshFromMgmt", 110, "Allow", "Tcp", "10.0.4.0/24", "22"));
                    rules.add(rule("DenyVnetIn", 4000, "Deny", "*", "VirtualNetwork", "*"));
                }
                case "db" -> {
                    rules.add(rule("AllowSqlFromApp", 100, "Allow", "Tcp", "10.0.2.0/24", "1433"));
                    rules.add(rule("AllowSshFromMgmt", 110, "Allow", "Tcp", "10.0.4.0/24", "22"));
                    rules.add(rule("DenyVnetIn", 4000, "Deny", "*", "VirtualNetwork", "*"));
                }
                default -> rules.add(rule("AllowSshFromCorp", 100, "Allow", "Tcp", "203.0.113.0/24", "22"));
            }
            for (int i = 0; i < 10; i++) { // blocklist rules in front of the real ones, as teams accumulate them
                rules.add(rule("DenyBlock" + i, 300 + i, "Deny", "*", "198.18." + i + ".0/24", "*"));
            }
            b.append(String.join(",", rules)).append("]}");
        }
        return b.append("]}").toString();
    }

    /**
     * Flow-log payloads, one record per NSG and minute in time order, exactly {@code tuplesPerMinute}
     * tuples per minute in all.
     */
    static List<byte[]> payloads(int minutes, int tuplesPerMinute, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        int port = 1024;
        for (int m = 0; m < minutes; m++) {
            long minute = START.getEpochSecond() + 60L * m;
            // per NSG: rule -> mac -> tuples
            List<Map<String, Map<String, List<String>>>> byNsg = new ArrayList<>();
            for (int s = 0; s < SUBNETS.length; s++) {
                byNsg.add(new LinkedHashMap<>());
            }
            int tuples = 0;
            while (tuples < tuplesPerMinute) {
                long t = minute + r.nextInt(50);
                port = port >= 65000 ? 1024 : port + 1;
                int kind = tuplesPerMinute - tuples < 3 ? 85 : r.nextInt(100); // a deny (1 tuple) to end exactly
                int n = r.nextInt(NICS_PER_SUBNET);
                if (kind < 40) {
                    tuples += connection(byNsg, 0, "UserRule_AllowHttpsFromInternet", mac(0, n), internet(r), ip(0, n), port, 443, "I", t, r);
                } else if (kind < 60) {
                    tuples += connection(byNsg, 1, "UserRule_AllowAppFromWeb", mac(1, n), ip(0, r.nextInt(NICS_PER_SUBNET)), ip(1, n), port, 8080, "I", t, r);
                } else if (kind < 75) {
                    tuples += connection(byNsg, 2, "UserRule_AllowSqlFromApp", mac(2, n), ip(1, r.nextInt(NICS_PER_SUBNET)), ip(2, n), port, 1433, "I", t, r);
                } else if (kind < 80) {
                    tuples += connection(byNsg, 0, "UserRule_AllowSshFromMgmt", mac(0, n), ip(3, r.nextInt(NICS_PER_SUBNET)), ip(0, n), port, 22, "I", t, r);
                } else if (kind < 90) {
                    // planted drift, 1 in 50: SSH from the Internet allowed by a rule the policy does not have
                    boolean drift = r.nextInt(50) == 0;
                    add(byNsg, 0, drift ? "UserRule_AllowSshTemp" : "UserRule_DenySsh", mac(0, n),
                            t + "," + internet(r) + "," + ip(0, n) + "," + port + ",22,T,I," + (drift ? "A" : "D") + ",B,,,,");
                    tuples++;
                } else {
                    tuples += connection(byNsg, 1, "DefaultRule_AllowInternetOutBound", mac(1, n), ip(1, n), internet(r), port, 443, "O", t, r);
                }
            }
            for (int s = 0; s < SUBNETS.length; s++) {
                if (!byNsg.get(s).isEmpty()) {
                    out.add(record(s, minute, byNsg.get(s)));
                }
            }
        }
        return out;
    }

    /** Counts the tuples in payloads (what the benchmark divides by). */
    static long tuples(List<byte[]> payloads) {
        long n = 0;
        for (byte[] p : payloads) {
            String s = new String(p, StandardCharsets.UTF_8);
            for (int i = s.indexOf(",T,"); i >= 0; i = s.indexOf(",T,", i + 1)) {
                n++;
            }
        }
        return n;
    }

    private static int connection(List<Map<String, Map<String, List<String>>>> byNsg, int nsg, String rule, String mac,
            String src, String dst, int srcPort, int dstPort, String dir, long t, Random r) {
        String head = src + "," + dst + "," + srcPort + "," + dstPort + ",T," + dir + ",A,";
        add(byNsg, nsg, rule, mac, t + "," + head + "B,,,,");
        add(byNsg, nsg, rule, mac, (t + 5) + "," + head + "C," + r.nextInt(200) + "," + r.nextInt(200_000) + ","
                + r.nextInt(200) + "," + r.nextInt(2_000_000));
        add(byNsg, nsg, rule, mac, (t + 9) + "," + head + "E," + r.nextInt(20) + "," + r.nextInt(20_000) + ","
                + r.nextInt(20) + "," + r.nextInt(200_000));
        return 3;
    }

    private static void add(List<Map<String, Map<String, List<String>>>> byNsg, int nsg, String rule, String mac, String tuple) {
        byNsg.get(nsg).computeIfAbsent(rule, k -> new LinkedHashMap<>()).computeIfAbsent(mac, k -> new ArrayList<>()).add(tuple);
    }

    private static byte[] record(int s, long minute, Map<String, Map<String, List<String>>> rules) {
        StringBuilder b = new StringBuilder(256 * 1024);
        b.append("{\"records\":[{\"time\":\"").append(Instant.ofEpochSecond(minute + 59))
                .append("\",\"systemId\":\"00000000-0000-0000-0000-0000000000b").append(s)
                .append("\",\"category\":\"NetworkSecurityGroupFlowEvent\",\"resourceId\":\"")
                .append(nsgId(s).toUpperCase(java.util.Locale.ROOT))
                .append("\",\"operationName\":\"NetworkSecurityGroupFlowEvents\",\"properties\":{\"Version\":2,\"flows\":[");
        boolean firstRule = true;
        for (Map.Entry<String, Map<String, List<String>>> rule : rules.entrySet()) {
            b.append(firstRule ? "" : ",").append("{\"rule\":\"").append(rule.getKey()).append("\",\"flows\":[");
            firstRule = false;
            boolean firstMac = true;
            for (Map.Entry<String, List<String>> mac : rule.getValue().entrySet()) {
                b.append(firstMac ? "" : ",").append("{\"mac\":\"").append(mac.getKey()).append("\",\"flowTuples\":[\"")
                        .append(String.join("\",\"", mac.getValue())).append("\"]}");
                firstMac = false;
            }
            b.append("]}");
        }
        return b.append("]}}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String rule(String name, int priority, String access, String protocol, String source, String port) {
        return "{\"name\":\"" + name + "\",\"priority\":" + priority + ",\"direction\":\"Inbound\",\"access\":\"" + access
                + "\",\"protocol\":\"" + protocol + "\",\"sourceAddressPrefix\":\"" + source
                + "\",\"sourcePortRange\":\"*\",\"destinationAddressPrefix\":\"*\",\"destinationPortRange\":\"" + port + "\"}";
    }

    private static String internet(Random r) {
        return (r.nextBoolean() ? "203.0.113." : "198.51.100.") + r.nextInt(256);
    }

    private static String ip(int subnet, int n) {
        return "10.0." + (subnet + 1) + "." + (n + 4);
    }

    private static String mac(int subnet, int n) {
        return String.format("000D3A00%02X%02X", subnet + 1, n);
    }

    private static String subnetId(int s) {
        return SUB + "virtualNetworks/vnet-corp/subnets/" + SUBNETS[s];
    }

    private static String nsgId(int s) {
        return SUB + "networkSecurityGroups/nsg-" + SUBNETS[s];
    }
}
