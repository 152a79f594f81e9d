package io.nsgflow.synthetic;

import io.nsgflow.drift.DriftType;
import io.nsgflow.flowlog.RejectReason;
import io.nsgflow.policy.Access;
import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.PolicyVerdict;
import io.nsgflow.net.Direction;
import io.nsgflow.net.IpAddress;
import io.nsgflow.policy.LoggedRuleName;
import io.nsgflow.policy.NetworkSecurityGroup;
import io.nsgflow.policy.NsgVerdict;
import io.nsgflow.policy.SecurityRule;
import io.nsgflow.synthetic.EnterpriseScenario.Host;
import io.nsgflow.synthetic.EnterpriseScenario.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Generates a run of Azure flow logs for an {@link EnterpriseScenario}, minute by minute: one NSG
 * flow log v2 document per NSG per NIC per minute (prod and hub NICs) and one VNet flow log v4
 * document per NIC per minute (dev NICs).
 *
 * <p>Normal traffic (web clients, web to app, app to SQL, backups to Storage, the jump host, health
 * probes, Internet scanners) is logged as the policy in force at each connection's start decides:
 * on the way out at the source NIC and on the way in at the destination NIC, each leg logged by
 * every NSG that allowed it, or by the NSG that denied it (then the connection stops there).
 * Allowed connections get B, then C every 5 minutes, then E tuples with counter deltas; denied
 * ones a B (NSG v2) or D (VNet v4) tuple only. So normal traffic is never drift.
 *
 * <p>Planted on top, at seeded times: drift of each type (one line each, reported in
 * {@link #groundTruth()}), malformed documents and tuples, and long HTTP connections begun before
 * the v2 change that v2 would deny.
 *
 * <p>Minutes must be generated in order ({@link #minute(int)} with 0, 1, 2...).
 */
public final class FlowLogGenerator {

    private static final long MINUTE = 60_000;
    private static final long CONTINUATION = 300_000;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final String LOAD_BALANCER = "168.63.129.16";
    private static final int[] CLIENT_NETS = {2, 31, 77, 86, 91, 109, 176, 212};
    private static final int[] SCANNER_NETS = {45, 80, 89, 141, 162, 185, 193, 194};
    private static final int[] SCANNED_PORTS = {22, 3389, 23, 445, 1433, 5900, 8080, 3306};
    private static final String[] UPDATE_SERVERS = {"13.107.4.50", "151.101.1.69", "20.42.65.92", "104.18.32.7", "52.84.150.3"};
    private static final String UNKNOWN_RULE = "AllowHttpsTemp";

    private final EnterpriseScenario scenario;
    private final long seed;
    private final long start;
    private final GeneratorOptions options;
    private final Map<String, Host> hostsByIp = new HashMap<>();
    private final List<Host> spokeHosts = new ArrayList<>();
    private final List<String> spokes = List.of("vnet-prod", "vnet-dev");

    private final Map<Integer, List<DriftType>> plantsByMinute = new HashMap<>();
    private final Map<Integer, List<Long>> carriedByMinute = new HashMap<>();
    private final Map<Integer, Integer> malformedByMinute = new HashMap<>();
    /** Lines waiting for the minute they fall in. */
    private final TreeMap<Integer, List<LogLine>> pending = new TreeMap<>();

    private final List<PlantedFinding> planted = new ArrayList<>();
    private final Map<Integer, List<LateralScenario.Scheduled>> scheduledByMinute = new HashMap<>();
    private final List<PlantedLateral> plantedLateral = new ArrayList<>();
    private final List<MalformedInput> malformed = new ArrayList<>();
    private final List<CarriedConnection> carried = new ArrayList<>();
    private long blobs;
    private long tuples;
    private int next;

    /**
     * @param start the first minute (whole seconds, at or after the scenario's v1From)
     * @throws IllegalArgumentException naming the option when the run cannot hold what was asked
     */
    public FlowLogGenerator(EnterpriseScenario scenario, long seed, Instant start, GeneratorOptions options) {
        if (start.getNano() != 0) {
            throw new IllegalArgumentException("start must be whole seconds, was " + start);
        }
        if (start.isBefore(scenario.v1From())) {
            throw new IllegalArgumentException("start (" + start + ") is before the policy's v1From (" + scenario.v1From() + ")");
        }
        this.scenario = scenario;
        this.seed = seed;
        this.start = start.toEpochMilli();
        this.options = options;
        for (Host h : scenario.hosts()) {
            hostsByIp.put(h.ip(), h);
            if (h.tier() != Tier.MGMT) {
                spokeHosts.add(h);
            }
        }
        schedule();
    }

    /** Adds a day of lateral movement and benign fan-out (before the first minute is generated). */
    public FlowLogGenerator plant(LateralScenario plan) {
        if (next > 0) {
            throw new IllegalStateException("plant lateral movement before generating minutes");
        }
        for (LateralScenario.Scheduled c : plan.connections()) {
            // connections before the run are not in it (integer division would put the last minute
            // before it into minute 0, before the policy's v1From)
            int m = (int) Math.floorDiv(c.time() - start, MINUTE);
            if (m >= 0 && m < options.minutes()) {
                scheduledByMinute.computeIfAbsent(m, x -> new ArrayList<>()).add(c);
            }
        }
        plan.planted().stream().filter(p -> p.time() >= start && p.time() < start + options.minutes() * MINUTE)
                .forEach(plantedLateral::add);
        return this;
    }

    public int minutes() {
        return options.minutes();
    }

    public Instant start() {
        return Instant.ofEpochMilli(start);
    }

    /** Whether {@link #minute(int)} has minutes left to give. */
    public boolean hasNext() {
        return next < options.minutes();
    }

    /** The documents of minute i (0-based), which must be the next one not yet generated. */
    public List<FlowLogBlob> minute(int i) {
        if (i != next) {
            throw new IllegalStateException("minutes are generated in order: expected minute " + next + ", asked for " + i);
        }
        if (i >= options.minutes()) {
            throw new IllegalStateException("the run has " + options.minutes() + " minutes; minute " + i + " is past its end");
        }
        next++;
        long minuteStart = start + i * MINUTE;
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + i);
        for (int c = 0; c < options.connectionsPerMinute(); c++) {
            normalConnection(r, minuteStart + r.nextInt((int) MINUTE));
        }
        for (LateralScenario.Scheduled c : scheduledByMinute.getOrDefault(i, List.of())) {
            connection(r, c.time(), c.time() + 1_000 + r.nextInt(5_000), c.src(), c.dst(), c.srcPort(), c.dstPort(), c.protocol());
        }
        for (DriftType type : plantsByMinute.getOrDefault(i, List.of())) {
            plant(type, minuteStart + r.nextInt((int) MINUTE), r);
        }
        for (long t0 : carriedByMinute.getOrDefault(i, List.of())) {
            carry(t0, r);
        }
        List<FlowLogBlob> out = blobs(i, minuteStart, r);
        for (int m = 0; m < malformedByMinute.getOrDefault(i, 0); m++) {
            out.add(malformedBlob(i, minuteStart, r));
        }
        blobs += out.size();
        return out;
    }

    /** Everything planted so far: complete once every minute has been generated. */
    public GroundTruth groundTruth() {
        List<PlantedFinding> byTime = new ArrayList<>(planted);
        byTime.sort(Comparator.comparingLong(PlantedFinding::eventTime));
        return new GroundTruth(seed, Instant.ofEpochMilli(start), options.minutes(), scenario.v1From(), scenario.v2From(),
                byTime, malformed, carried, blobs, tuples, plantedLateral);
    }

    // ---- schedule

    private void schedule() {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        int[] counts = {options.unexpectedAllows(), options.unexpectedDenies(), options.unknownRules(), options.ruleMismatches()};
        DriftType[] types = {DriftType.UNEXPECTED_ALLOW, DriftType.UNEXPECTED_DENY, DriftType.UNKNOWN_RULE, DriftType.RULE_MISMATCH};
        for (int t = 0; t < types.length; t++) {
            for (int k = 0; k < counts[t]; k++) {
                plantsByMinute.computeIfAbsent(r.nextInt(options.minutes()), x -> new ArrayList<>()).add(types[t]);
            }
        }
        for (int k = 0; k < options.malformed(); k++) {
            malformedByMinute.merge(r.nextInt(options.minutes()), 1, Integer::sum);
        }
        if (options.carriedConnections() > 0) {
            long change = scenario.v2From().toEpochMilli();
            long end = start + options.minutes() * MINUTE;
            if (change < start + MINUTE || change > end - 2 * MINUTE) {
                throw new IllegalArgumentException("carriedConnections needs the policy change (" + scenario.v2From()
                        + ") at least 1 minute after the start and 2 minutes before the end of the run ("
                        + Instant.ofEpochMilli(start) + " + " + options.minutes() + " min)");
            }
            long window = Math.min(4 * MINUTE, change - start - 20_000);
            for (int k = 0; k < options.carriedConnections(); k++) {
                long t0 = change - 20_000 - (long) (r.nextDouble() * window);
                t0 = t0 / 1000 * 1000;
                carriedByMinute.computeIfAbsent((int) ((t0 - start) / MINUTE), x -> new ArrayList<>()).add(t0);
            }
        }
    }

    // ---- normal traffic

    private void normalConnection(Random r, long t0) {
        int kind = r.nextInt(100);
        String vnet = spokes.get(r.nextInt(spokes.size()));
        int eph = 49152 + r.nextInt(16384);
        if (kind < 30) {
            connection(r, t0, clientIp(r), pick(r, scenario.hosts(Tier.WEB, vnet)).ip(), eph, 443, TCP);
        } else if (kind < 38) {
            connection(r, t0, clientIp(r), pick(r, scenario.hosts(Tier.WEB, vnet)).ip(), eph, 80, TCP);
        } else if (kind < 56) {
            connection(r, t0, pick(r, scenario.hosts(Tier.WEB, vnet)).ip(), pick(r, scenario.hosts(Tier.APP, vnet)).ip(), eph, 8080, TCP);
        } else if (kind < 66) {
            connection(r, t0, pick(r, scenario.hosts(Tier.APP, vnet)).ip(), pick(r, scenario.hosts(Tier.DB, vnet)).ip(), eph, 1433, TCP);
        } else if (kind < 68) {
            connection(r, t0, pick(r, scenario.hosts(Tier.WEB, vnet)).ip(), pick(r, scenario.hosts(Tier.DB, vnet)).ip(), eph, 1433, TCP);
        } else if (kind < 74) {
            connection(r, t0, pick(r, spokeHosts).ip(), UPDATE_SERVERS[r.nextInt(UPDATE_SERVERS.length)], eph, 443, TCP);
        } else if (kind < 77) {
            connection(r, t0, pick(r, scenario.hosts(Tier.DB, vnet)).ip(), "52.239.140." + (1 + r.nextInt(254)), eph, 443, TCP);
        } else if (kind < 79) {
            connection(r, t0, pick(r, scenario.hosts(Tier.WEB, "vnet-prod")).ip(), "104.40.168." + (1 + r.nextInt(254)), eph, 1433, TCP);
        } else if (kind < 81) {
            connection(r, t0, EnterpriseScenario.JUMP_HOST_IP, pick(r, spokeHosts).ip(), eph, 22, TCP);
        } else if (kind < 83) {
            connection(r, t0, "10.0.1.5", pick(r, scenario.hosts(Tier.WEB, vnet)).ip(), eph, 9100, TCP);
        } else if (kind < 85) {
            connection(r, t0, LOAD_BALANCER, pick(r, scenario.hosts(Tier.WEB, vnet)).ip(), 1024 + r.nextInt(30000), 443, TCP);
        } else if (kind < 87) {
            connection(r, t0, "203.0.113." + (10 + r.nextInt(50)), EnterpriseScenario.JUMP_HOST_IP, eph, 22, TCP);
        } else if (kind < 89) {
            connection(r, t0, pick(r, scenario.hosts(Tier.WEB, vnet)).ip(), pick(r, scenario.hosts(Tier.WEB, vnet)).ip(), 8301, 8301, UDP);
        } else {
            int port = r.nextInt(4) == 0 ? 1 + r.nextInt(65535) : SCANNED_PORTS[r.nextInt(SCANNED_PORTS.length)];
            connection(r, t0, scannerIp(r), pick(r, scenario.hosts()).ip(), 1024 + r.nextInt(64000), port, TCP);
        }
    }

    private void connection(Random r, long t0, String src, String dst, int srcPort, int dstPort, int protocol) {
        double d = r.nextDouble();
        long duration = d < 0.85 ? 1_000 + r.nextInt(29_000) : d < 0.97 ? 30_000 + r.nextInt(210_000) : 300_000 + r.nextInt(900_000);
        connection(r, t0, t0 + duration, src, dst, srcPort, dstPort, protocol);
    }

    /** Logs one connection as the policy at t0 decides; returns the lines kept in the run. */
    private List<LogLine> connection(Random r, long t0, long end, String src, String dst, int srcPort, int dstPort, int protocol) {
        if (src.equals(dst)) {
            return List.of();
        }
        CompiledPolicy policy = scenario.policyAt(t0);
        Host from = hostsByIp.get(src);
        Host to = hostsByIp.get(dst);
        IpAddress s = IpAddress.parse(src);
        IpAddress d = IpAddress.parse(dst);
        List<Host> legHosts = new ArrayList<>(2);
        List<PolicyVerdict> legs = new ArrayList<>(2);
        boolean allowed = true;
        if (from != null) {
            PolicyVerdict out = policy.evaluate(policy.nicById(from.nicId()), Direction.OUTBOUND, protocol, s, srcPort, d, dstPort);
            legHosts.add(from);
            legs.add(out);
            allowed = out.access() == Access.ALLOW;
        }
        if (allowed && to != null) {
            PolicyVerdict in = policy.evaluate(policy.nicById(to.nicId()), Direction.INBOUND, protocol, s, srcPort, d, dstPort);
            legHosts.add(to);
            legs.add(in);
            allowed = in.access() == Access.ALLOW;
        }
        List<long[]> counters = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        if (allowed) {
            for (long t = t0 + CONTINUATION; t < end; t += CONTINUATION) {
                times.add(t);
                counters.add(counters(r, CONTINUATION));
            }
            times.add(end);
            counters.add(counters(r, Math.max(1_000, end - t0 - (times.size() - 1) * CONTINUATION)));
        }
        List<LogLine> kept = new ArrayList<>();
        for (int leg = 0; leg < legs.size(); leg++) {
            Host h = legHosts.get(leg);
            boolean inbound = h == to;
            for (NsgVerdict v : loggers(legs.get(leg))) {
                boolean lineAllowed = v.access() == Access.ALLOW;
                String rule = loggedName(v.rule(), h);
                add(kept, new LogLine(h, v.nsgId(), v.nsgName(), v.resourceGuid(), rule, t0, src, dst, srcPort, dstPort,
                        protocol, inbound, lineAllowed, 'B', null));
                for (int k = 0; k < times.size(); k++) {
                    add(kept, new LogLine(h, v.nsgId(), v.nsgName(), v.resourceGuid(), rule, times.get(k), src, dst, srcPort,
                            dstPort, protocol, inbound, true, k == times.size() - 1 ? 'E' : 'C', counters.get(k)));
                }
            }
        }
        return kept;
    }

    /** The NSGs that write a line for this decision: the one that denied, else every one that allowed. */
    private static List<NsgVerdict> loggers(PolicyVerdict d) {
        if (d.deciding() == null) {
            return List.of(); // no NSG, or the platform allowed it: nobody logs
        }
        return d.access() == Access.DENY ? List.of(d.deciding()) : d.trace();
    }

    /** NSG flow logs prefix every rule; VNet flow logs write user rules bare. */
    private static String loggedName(SecurityRule rule, Host h) {
        if (rule.isDefault()) {
            return "DefaultRule_" + rule.name();
        }
        return h.vnetFlowLogs() ? rule.name() : "UserRule_" + rule.name();
    }

    private void add(List<LogLine> kept, LogLine line) {
        int m = (int) ((line.time() - start) / MINUTE);
        if (m >= options.minutes()) {
            return; // after the end of the run
        }
        pending.computeIfAbsent(m, x -> new ArrayList<>()).add(line);
        kept.add(line);
    }

    private static long[] counters(Random r, long millis) {
        long scale = Math.max(1, millis / 1000);
        long p1 = 1 + r.nextInt((int) Math.min(2000, 4 * scale));
        long p2 = 1 + r.nextInt((int) Math.min(2000, 4 * scale));
        return new long[] {p1, p1 * (60 + r.nextInt(1400)), p2, p2 * (60 + r.nextInt(1400))};
    }

    // ---- planted drift

    private void plant(DriftType type, long t, Random r) {
        CompiledPolicy policy = scenario.policyAt(t);
        for (int attempt = 0; attempt < 1000; attempt++) {
            boolean done = switch (type) {
                case UNEXPECTED_ALLOW -> plantUnexpectedAllow(policy, t, r);
                case UNEXPECTED_DENY -> plantUnexpectedDeny(policy, t, r);
                case UNKNOWN_RULE, RULE_MISMATCH -> plantWrongRule(type, policy, t, r);
            };
            if (done) {
                return;
            }
        }
        throw new IllegalStateException("the scenario has no flow to plant " + type + " on at " + Instant.ofEpochMilli(t));
    }

    /** An Internet scanner reaching SSH/RDP, logged as allowed by the NSG that denies it. */
    private boolean plantUnexpectedAllow(CompiledPolicy policy, long t, Random r) {
        Host h = pick(r, scenario.hosts());
        String src = scannerIp(r);
        int dstPort = r.nextBoolean() ? 22 : 3389;
        int srcPort = 1024 + r.nextInt(64000);
        PolicyVerdict d = evaluateInbound(policy, h, src, srcPort, dstPort, TCP);
        if (d.access() != Access.DENY || d.deciding() == null) {
            return false;
        }
        NsgVerdict v = d.deciding();
        String rule = loggedName(v.rule(), h);
        emitPlanted(h, v, rule, t, src, srcPort, dstPort, true, r);
        record(DriftType.UNEXPECTED_ALLOW, h, v, rule, t, src, srcPort, dstPort,
                "policy denies it by " + v.nsgName() + "/" + v.rule().name());
        return true;
    }

    /** Web to app on 8080 (allowed), logged as denied by the first NSG on the way in. */
    private boolean plantUnexpectedDeny(CompiledPolicy policy, long t, Random r) {
        String vnet = spokes.get(r.nextInt(spokes.size()));
        Host web = pick(r, scenario.hosts(Tier.WEB, vnet));
        Host app = pick(r, scenario.hosts(Tier.APP, vnet));
        int srcPort = 49152 + r.nextInt(16384);
        PolicyVerdict d = evaluateInbound(policy, app, web.ip(), srcPort, 8080, TCP);
        if (d.access() != Access.ALLOW || d.trace().isEmpty()) {
            return false;
        }
        NsgVerdict v = d.trace().get(0);
        String rule = "DefaultRule_DenyAllInBound";
        emitPlanted(app, v, rule, t, web.ip(), srcPort, 8080, false, r);
        record(DriftType.UNEXPECTED_DENY, app, v, rule, t, web.ip(), srcPort, 8080,
                "policy allows it by " + v.nsgName() + "/" + v.rule().name());
        return true;
    }

    /** HTTPS from the Internet to a web NIC (allowed), logged as allowed by a rule that is not the deciding one. */
    private boolean plantWrongRule(DriftType type, CompiledPolicy policy, long t, Random r) {
        Host h = pick(r, scenario.hosts(Tier.WEB));
        String src = clientIp(r);
        int srcPort = 49152 + r.nextInt(16384);
        PolicyVerdict d = evaluateInbound(policy, h, src, srcPort, 443, TCP);
        if (d.access() != Access.ALLOW || d.trace().isEmpty()) {
            return false;
        }
        NsgVerdict v = d.trace().get(0);
        NetworkSecurityGroup nsg = policy.nsgById(v.nsgId());
        String rule;
        if (type == DriftType.UNKNOWN_RULE) {
            rule = h.vnetFlowLogs() ? UNKNOWN_RULE : "UserRule_" + UNKNOWN_RULE;
            if (LoggedRuleName.existsIn(nsg, rule)) {
                return false;
            }
        } else {
            rule = otherAllowRule(nsg, v.rule(), h, r);
            if (rule == null) {
                return false;
            }
        }
        emitPlanted(h, v, rule, t, src, srcPort, 443, true, r);
        record(type, h, v, rule, t, src, srcPort, 443, "policy allows it by " + v.nsgName() + "/" + v.rule().name());
        return true;
    }

    /** An allow rule of the NSG other than the deciding one, as the NIC's log would name it. */
    private static String otherAllowRule(NetworkSecurityGroup nsg, SecurityRule deciding, Host h, Random r) {
        List<SecurityRule> candidates = new ArrayList<>();
        for (SecurityRule x : nsg.securityRules()) {
            if (x.access() == Access.ALLOW && !x.name().equalsIgnoreCase(deciding.name())) {
                candidates.add(x);
            }
        }
        if (candidates.isEmpty()) {
            for (SecurityRule x : nsg.defaultSecurityRules()) {
                if (x.access() == Access.ALLOW && !x.name().equalsIgnoreCase(deciding.name())) {
                    candidates.add(x);
                }
            }
        }
        return candidates.isEmpty() ? null : loggedName(candidates.get(r.nextInt(candidates.size())), h);
    }

    private static PolicyVerdict evaluateInbound(CompiledPolicy policy, Host h, String src, int srcPort, int dstPort, int protocol) {
        return policy.evaluate(policy.nicById(h.nicId()), Direction.INBOUND, protocol, IpAddress.parse(src), srcPort,
                IpAddress.parse(h.ip()), dstPort);
    }

    /** The planted B line (judged) and, when it claims an allow, the connection's E line (not judged). */
    private void emitPlanted(Host h, NsgVerdict v, String rule, long t, String src, int srcPort, int dstPort,
            boolean allowed, Random r) {
        List<LogLine> kept = new ArrayList<>();
        add(kept, new LogLine(h, v.nsgId(), v.nsgName(), v.resourceGuid(), rule, t, src, h.ip(), srcPort, dstPort, TCP,
                true, allowed, 'B', null));
        if (allowed) {
            long end = t + 2_000 + r.nextInt(20_000);
            add(kept, new LogLine(h, v.nsgId(), v.nsgName(), v.resourceGuid(), rule, end, src, h.ip(), srcPort, dstPort,
                    TCP, true, true, 'E', counters(r, end - t)));
        }
    }

    private void record(DriftType type, Host h, NsgVerdict v, String rule, long t, String src, int srcPort, int dstPort,
            String why) {
        long eventTime = h.vnetFlowLogs() ? t : t / 1000 * 1000;
        planted.add(new PlantedFinding(type, eventTime, src, srcPort, h.ip(), dstPort, "TCP", "INBOUND", h.mac(),
                v.nsgName(), rule, h.vnetFlowLogs() ? "VNET_V4" : "NSG_V2", why));
    }

    // ---- connections carried across the change

    /** Plain HTTP to a prod web NIC, begun under v1 (allowed), lasting past the change (v2 denies it). */
    private void carry(long t0, Random r) {
        Host h = pick(r, scenario.hosts(Tier.WEB, "vnet-prod"));
        String src = clientIp(r);
        int srcPort = 49152 + r.nextInt(16384);
        long change = scenario.v2From().toEpochMilli();
        PolicyVerdict before = evaluateInbound(scenario.v1(), h, src, srcPort, 80, TCP);
        PolicyVerdict after = evaluateInbound(scenario.v2(), h, src, srcPort, 80, TCP);
        if (before.access() != Access.ALLOW || after.access() != Access.DENY) {
            throw new IllegalStateException("scenario: HTTP to " + h.name() + " should be allowed by v1 and denied by v2");
        }
        long runEnd = start + options.minutes() * MINUTE;
        // ends inside the run, so at least its E tuple comes after the change
        long end = change + 30_000 + r.nextInt((int) Math.min(10 * MINUTE, runEnd - change - 31_000));
        List<LogLine> kept = connection(r, t0, end, src, h.ip(), srcPort, 80, TCP);
        int after2 = (int) kept.stream().filter(l -> l.state() != 'B' && l.time() >= change).count();
        carried.add(new CarriedConnection(t0, end, src, srcPort, h.ip(), 80, "TCP", after2));
    }

    // ---- documents

    private List<FlowLogBlob> blobs(int minute, long minuteStart, Random r) {
        List<LogLine> lines = pending.remove(minute);
        List<FlowLogBlob> out = new ArrayList<>();
        if (lines == null) {
            return out;
        }
        Map<String, List<LogLine>> groups = new LinkedHashMap<>();
        for (LogLine l : lines) {
            String key = l.host().vnetFlowLogs() ? "vnet|" + l.host().mac() : "nsg|" + l.nsgName() + "|" + l.host().mac();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
        }
        long recordAt = minuteStart + MINUTE;
        for (List<LogLine> g : groups.values()) {
            LogLine first = g.get(0);
            Host h = first.host();
            String time = AzureFlowLogWriter.recordTime(recordAt + r.nextInt(40_000), r.nextInt(1_000_000));
            String record;
            String name;
            if (h.vnetFlowLogs()) {
                record = AzureFlowLogWriter.vnetV4Record(time, scenario.flowLogGuid(), h, g);
                name = String.format("m%04d-vnet-%s-%s.json", minute, h.vnet(), h.logMac());
            } else {
                record = AzureFlowLogWriter.nsgV2Record(time, first.nsgId(), AzureFlowLogWriter.guidOf(first.nsgId()),
                        h.logMac(), g);
                name = String.format("m%04d-nsg-%s-%s.json", minute, first.nsgName(), h.logMac());
            }
            out.add(new FlowLogBlob(name, AzureFlowLogWriter.document(List.of(record)), g.size()));
            tuples += g.size();
        }
        return out;
    }

    /** A document or tuple the decoder must reject exactly once: truncated JSON, a short tuple, a bad address. */
    private FlowLogBlob malformedBlob(int minute, long minuteStart, Random r) {
        int kind = malformed.size() % 3;
        Host h = scenario.jumpHost();
        String nsgId = EnterpriseScenario.id("networkSecurityGroups", "nsg-hub-mgmt");
        long t = minuteStart + r.nextInt((int) MINUTE);
        String name = String.format("m%04d-malformed-%d.json", minute, malformed.size());
        String tuple = (t / 1000) + "," + scannerIp(r) + "," + h.ip() + "," + (1024 + r.nextInt(64000)) + ",3389,T,I,D,B,,,,";
        String time = AzureFlowLogWriter.recordTime(minuteStart + MINUTE, 0);
        String brokenTuple = switch (kind) {
            case 0 -> tuple;
            case 1 -> tuple.substring(0, tuple.length() - 1);
            default -> tuple.replace("," + h.ip() + ",", ",10.0.1.300,");
        };
        String json = AzureFlowLogWriter.document(List.of(AzureFlowLogWriter.nsgV2Record(time, nsgId,
                AzureFlowLogWriter.guidOf(nsgId), h.logMac(), Map.of("UserRule_DenySshRdpFromInternet", List.of(brokenTuple)))));
        RejectReason reason;
        String description;
        switch (kind) {
            case 0 -> {
                int cut = json.length() * 2 / 3;
                description = "document cut off after " + cut + " of " + json.length() + " characters";
                json = json.substring(0, cut);
                reason = RejectReason.UNREADABLE;
            }
            case 1 -> {
                reason = RejectReason.FIELD_COUNT;
                description = "NSG v2 tuple with 12 fields: " + brokenTuple;
            }
            default -> {
                reason = RejectReason.ADDRESS;
                description = "NSG v2 tuple with destination 10.0.1.300: " + brokenTuple;
            }
        }
        malformed.add(new MalformedInput(minute, name, reason, description));
        return new FlowLogBlob(name, json, 0);
    }

    // ---- addresses

    private static String clientIp(Random r) {
        return CLIENT_NETS[r.nextInt(CLIENT_NETS.length)] + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static String scannerIp(Random r) {
        return SCANNER_NETS[r.nextInt(SCANNER_NETS.length)] + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }
}
