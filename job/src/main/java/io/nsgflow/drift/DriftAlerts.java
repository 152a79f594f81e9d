package io.nsgflow.drift;

import io.nsgflow.evaluate.Judgement;
import io.nsgflow.net.Protocol;
import io.nsgflow.alert.Alert;
import io.nsgflow.ids.ContentIds;
import io.nsgflow.alert.Severity;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Raises the alert that each drift finding deserves. */
public final class DriftAlerts {

    /** MITRE ATT&CK: a cloud firewall that does not do what was intended looks like this technique. */
    static final String MODIFY_CLOUD_FIREWALL = "T1562.007";

    private DriftAlerts() {}

    public static Severity severity(DriftType type) {
        return switch (type) {
            case UNEXPECTED_ALLOW -> Severity.HIGH; // exposure: traffic the policy forbids got through
            case UNKNOWN_RULE -> Severity.MEDIUM; // a rule exists that the intended policy does not know
            case UNEXPECTED_DENY -> Severity.MEDIUM; // breakage
            case RULE_MISMATCH -> Severity.LOW; // same outcome, other rule: policy and reality diverge
        };
    }

    public static Alert of(DriftFinding f) {
        String type = "drift." + DriftDocument.typeName(f.getType());
        String entity = f.getNicName() != null ? f.getNicName() : f.getDstIp();
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("flow", protocolText(f) + " " + f.getSrcIp() + ":" + f.getSrcPort() + " -> " + f.getDstIp() + ":"
                + f.getDstPort() + " " + f.getDirection().name().toLowerCase(Locale.ROOT));
        evidence.put("observed", describe(f.getObserved()));
        evidence.put("expected", describe(f.getExpected()));
        if (f.getMac() != null) {
            evidence.put("mac", f.getMac());
        }
        boolean firewallModified = f.getType() == DriftType.UNEXPECTED_ALLOW || f.getType() == DriftType.UNKNOWN_RULE;
        return Alert.newBuilder()
                .setId(ContentIds.of(type, DriftDocument.id(f)))
                .setType(type)
                .setSeverity(severity(f.getType()))
                .setEntity(entity)
                .setSummary(summary(f))
                .setEvidence(evidence)
                .setTechniqueId(firewallModified ? MODIFY_CLOUD_FIREWALL : null)
                .setTechniqueName(firewallModified ? "Impair Defenses: Disable or Modify Cloud Firewall" : null)
                .setTactic(firewallModified ? "Defense Evasion" : null)
                .setFirstSeen(f.getEventTime())
                .setLastSeen(f.getEventTime())
                .setCount(1L)
                .setPolicyVersion(f.getPolicyVersion())
                .build();
    }

    private static String summary(DriftFinding f) {
        String flow = f.getSrcIp() + " -> " + f.getDstIp() + ":" + f.getDstPort() + "/" + protocolText(f);
        return switch (f.getType()) {
            case UNEXPECTED_ALLOW -> "Allowed " + flow + ", which the intended policy denies ("
                    + f.getExpected().getRule() + ")";
            case UNEXPECTED_DENY -> "Denied " + flow + ", which the intended policy allows ("
                    + f.getExpected().getRule() + ")";
            case UNKNOWN_RULE -> "Rule " + f.getObserved().getRule() + " of " + f.getObserved().getNsg()
                    + " decided " + flow + " but is not in the intended policy";
            case RULE_MISMATCH -> "Rule " + f.getObserved().getRule() + " decided " + flow + ", the intended policy says "
                    + f.getExpected().getRule();
        };
    }

    private static String describe(Judgement j) {
        return (j.getDecision() == null ? "?" : j.getDecision().name().toLowerCase(Locale.ROOT)) + " by "
                + j.getRule() + " of " + j.getNsg();
    }

    /** The protocol in alert texts: its IANA keyword in capitals (TCP, UDP, IPV6-ICMP, GRE, 143 ...). */
    private static String protocolText(DriftFinding f) {
        return Protocol.name(f.getProtocol()).toUpperCase(Locale.ROOT);
    }
}
