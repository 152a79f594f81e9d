package io.nsgflow.lateral;

import io.nsgflow.alert.Alert;
import io.nsgflow.alert.AllowingRule;
import io.nsgflow.alert.PathHop;
import io.nsgflow.alert.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns episodes and chains into {@link Alert}s: type, MITRE mapping, summary, evidence, rules. */
public final class LateralAlerts {

    private LateralAlerts() {}

    static Alert of(Episode e) {
        String type = Detector.alertType(e.detector);
        String technique = Detector.technique(e.detector, e.adminPort);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("window", Duration.ofMillis(e.windowMillis).toString());
        evidence.put("threshold", e.threshold);
        evidence.put("attempted", Long.toString(e.attempted));
        evidence.put("denied", Long.toString(e.denied));
        evidence.put("allowed", Long.toString(e.allowed));
        evidence.put("destinations", String.join(",", e.destinations));
        evidence.put("destinations_total", Long.toString(Math.max(e.destinationsTotal, e.destinations.size())));
        evidence.put("ports", e.ports.stream().map(String::valueOf).collect(Collectors.joining(",")));
        evidence.put("ports_total", Long.toString(Math.max(e.portsTotal, e.ports.size())));
        if (!e.rules.isEmpty()) {
            evidence.put("rules", e.rules.stream().map(RuleCount::toString).collect(Collectors.joining("; ")));
        }
        evidence.put("samples", String.join("; ", e.samples));
        if (e.srcNic != null) {
            evidence.put("source_nic", e.srcNic);
        }
        if (e.srcMac != null) {
            evidence.put("source_mac", e.srcMac);
        }
        List<String> related = new ArrayList<>();
        related.add(e.entity);
        e.destinations.stream().filter(d -> !d.equals(e.entity)).forEach(related::add);
        return Alert.newBuilder()
                .setId(e.id)
                .setType(type)
                .setSeverity(Severity.valueOf(e.severity))
                .setEntity(e.entity)
                .setSummary(summary(e))
                .setEvidence(evidence)
                .setTechniqueId(technique)
                .setTechniqueName(Detector.techniqueName(technique))
                .setTactic(Detector.tactic(e.detector))
                .setFirstSeen(e.firstSeen)
                .setLastSeen(e.lastSeen)
                .setCount(e.count)
                .setPolicyVersion(e.policyVersion)
                .setSourceIp(e.entity)
                .setDestinationIp(e.destinations.size() == 1 ? e.destinations.get(0) : null)
                .setRelatedIps(related)
                .setPath(List.of())
                .setRules(rules(e.rules))
                .setSegmentationGap(e.segmentationGap)
                .setRevision(e.revision)
                .build();
    }

    static List<AllowingRule> rules(List<RuleCount> rules) {
        List<AllowingRule> out = new ArrayList<>();
        for (RuleCount r : rules) {
            out.add(new AllowingRule(r.nsg, r.rule, r.defaultRule, r.wide, r.connections));
        }
        return out;
    }

    private static String summary(Episode e) {
        String dsts = e.destinations.size() == 1 ? e.destinations.get(0) : Math.max(e.destinationsTotal, e.destinations.size()) + " hosts";
        String ports = e.ports.size() == 1 ? "port " + e.ports.get(0) : Math.max(e.portsTotal, e.ports.size()) + " ports";
        String gap = e.segmentationGap ? "; allowed only by a default or network-wide rule" : "";
        return switch (e.detector) {
            case Detector.PORT_SCAN -> e.entity + " scanned " + ports + " of " + dsts + " (" + e.denied + " denied, "
                    + e.allowed + " allowed)" + gap;
            case Detector.HOST_SWEEP -> e.entity + " swept " + dsts + " on " + ports + " (" + e.denied + " denied, "
                    + e.allowed + " allowed)" + gap;
            case Detector.ADMIN_FANOUT -> e.entity + " reached " + dsts + " on admin " + ports + gap;
            case Detector.NEW_EDGE -> e.entity + " opened new connections to " + dsts + " on " + ports + gap;
            case Detector.DENIED_THEN_ALLOWED -> e.entity + " was denied " + e.denied + " times, then allowed to "
                    + dsts + " on " + ports + (e.rules.isEmpty() ? "" : " by " + e.rules.get(0)) + gap;
            default -> e.entity + ": " + e.detector;
        };
    }

    /** A pivot chain: hosts in order, each hop with the rule that allowed it. */
    static Alert chain(String id, long revision, List<AdminHop> path) {
        AdminHop first = path.get(0);
        AdminHop last = path.get(path.size() - 1);
        List<PathHop> hops = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        Episode rules = new Episode();
        Integer port = first.port;
        for (AdminHop h : path) {
            hops.add(new PathHop(h.src, h.dst, h.time, h.port, h.protocol, h.nsg, h.rule, h.wideRule));
            hosts.add(h.src);
            hosts.add(h.dst);
            if (h.rule != null) {
                rules.addRule(h.nsg, h.rule, h.defaultRule, h.wideRule);
            }
            if (port != null && h.port != port) {
                port = null;
            }
        }
        String technique = Detector.technique(Detector.PIVOT_CHAIN, port);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("hops", Integer.toString(path.size()));
        evidence.put("path", String.join(" -> ", hosts));
        evidence.put("hop_details", path.stream().map(h -> h.src + "->" + h.dst + ":" + h.port + " at "
                + java.time.Instant.ofEpochMilli(h.time) + " by " + (h.nsg == null ? "?" : h.nsg) + "/" + h.rule)
                .collect(Collectors.joining("; ")));
        if (!rules.rules.isEmpty()) {
            evidence.put("rules", rules.rules.stream().map(RuleCount::toString).collect(Collectors.joining("; ")));
        }
        String gap = rules.segmentationGap ? "; allowed only by a default or network-wide rule" : "";
        return Alert.newBuilder()
                .setId(id)
                .setType(Detector.alertType(Detector.PIVOT_CHAIN))
                .setSeverity(path.size() >= 3 ? Severity.CRITICAL : Severity.HIGH)
                .setEntity(first.src)
                .setSummary(first.src + " pivoted through " + path.size() + " hops on admin ports: "
                        + String.join(" -> ", hosts) + gap)
                .setEvidence(evidence)
                .setTechniqueId(technique)
                .setTechniqueName(Detector.techniqueName(technique))
                .setTactic(Detector.LATERAL_MOVEMENT)
                .setFirstSeen(first.time)
                .setLastSeen(last.time)
                .setCount(path.size())
                .setSourceIp(first.src)
                .setDestinationIp(last.dst)
                .setRelatedIps(new ArrayList<>(hosts))
                .setPath(hops)
                .setRules(rules(rules.rules))
                .setSegmentationGap(rules.segmentationGap)
                .setRevision(revision)
                .build();
    }
}
