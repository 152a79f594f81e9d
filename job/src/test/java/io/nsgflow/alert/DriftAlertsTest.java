package io.nsgflow.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nsgflow.drift.DriftAlerts;
import io.nsgflow.drift.DriftFinding;
import io.nsgflow.drift.DriftType;
import io.nsgflow.evaluate.Judgement;
import io.nsgflow.flowlog.Decision;
import io.nsgflow.net.Direction;
import io.nsgflow.flowlog.LogFormat;
import org.junit.jupiter.api.Test;

class DriftAlertsTest {

    private static DriftFinding finding(DriftType type, int srcPort) {
        return DriftFinding.newBuilder()
                .setEventTime(1_795_172_400_000L)
                .setType(type)
                .setSrcIp("198.51.100.7").setSrcPort(srcPort).setDstIp("10.1.1.4").setDstPort(22)
                .setProtocol(6).setDirection(Direction.INBOUND)
                .setObserved(new Judgement(Decision.ALLOW, "UserRule_AllowSshTemp", "nsg-web1"))
                .setExpected(new Judgement(Decision.DENY, "securityRules/DenySsh", "nsg-web-subnet"))
                .setPolicyVersion("v1").setNicName("nic-web1").setMac("00-0D-3A-00-00-01")
                .setLogFormat(LogFormat.NSG_V2)
                .build();
    }

    @Test
    void anUnexpectedAllowIsAHighSeverityCloudFirewallAlertAboutTheNic() {
        Alert a = DriftAlerts.of(finding(DriftType.UNEXPECTED_ALLOW, 40000));
        assertThat(a.getType()).isEqualTo("drift.unexpected_allow");
        assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(a.getEntity()).isEqualTo("nic-web1");
        assertThat(a.getTechniqueId()).isEqualTo("T1562.007");
        assertThat(a.getEvidence()).containsEntry("expected", "deny by securityRules/DenySsh of nsg-web-subnet");

        JsonNode doc = AlertDocument.of(a);
        assertThat(doc.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(doc.at("/event/severity").asInt()).isEqualTo(73);
        assertThat(doc.at("/threat/technique/id/0").asText()).isEqualTo("T1562.007");
        assertThat(doc.at("/@timestamp").asText()).isEqualTo("2026-11-20T11:00:00Z");
    }

    @Test
    void aRuleMismatchIsLowAndNamesNoTechnique() {
        Alert a = DriftAlerts.of(finding(DriftType.RULE_MISMATCH, 40000));
        assertThat(a.getSeverity()).isEqualTo(Severity.LOW);
        assertThat(a.getTechniqueId()).isNull();
        assertThat(AlertDocument.of(a).has("threat")).isFalse();
    }

    @Test
    void idsAreDeterministicAndDifferPerFlowAndType() {
        assertThat(DriftAlerts.of(finding(DriftType.UNEXPECTED_ALLOW, 40000)).getId())
                .isEqualTo(DriftAlerts.of(finding(DriftType.UNEXPECTED_ALLOW, 40000)).getId())
                .isNotEqualTo(DriftAlerts.of(finding(DriftType.UNEXPECTED_ALLOW, 40001)).getId())
                .isNotEqualTo(DriftAlerts.of(finding(DriftType.UNKNOWN_RULE, 40000)).getId())
                .hasSize(32);
    }
}
