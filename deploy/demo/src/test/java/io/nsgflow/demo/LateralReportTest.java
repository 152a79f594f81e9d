package io.nsgflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.demo.ElasticsearchFindings.AlertSeen;
import io.nsgflow.synthetic.PlantedLateral;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LateralReportTest {

    private static final PlantedLateral SCAN = new PlantedLateral("port_scan", "10.1.1.4", List.of("10.1.1.4", "10.1.3.4"), 0,
            Set.of(), "ports 1-20");
    private static final PlantedLateral FANOUT = new PlantedLateral("admin_fanout", "10.1.1.5",
            List.of("10.1.1.5", "10.1.1.6", "10.1.1.7"), 0, Set.of("new_edge"), "RDP");

    private static AlertSeen alert(String id, String type, String entity, String... related) {
        return new AlertSeen(id, type, entity, "medium", "2026-11-20T10:01:00Z", List.of(related));
    }

    private static String printed(List<AlertSeen> alerts, List<PlantedLateral> planted, boolean[] ok) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ok[0] = LateralReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), alerts, planted);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyPlantedAttackFoundAndWhatTheSameActivityRaisesIsOk() {
        boolean[] ok = new boolean[1];
        String table = printed(List.of(
                alert("a1", "lateral.port_scan", "10.1.1.4", "10.1.1.4", "10.1.3.4"),
                alert("a2", "lateral.admin_fanout", "10.1.1.5", "10.1.1.5", "10.1.1.6", "10.1.1.7"),
                alert("a3", "lateral.new_edge", "10.1.1.5", "10.1.1.5", "10.1.1.6"),
                alert("d1", "drift.unexpected_allow", "nic-1")), List.of(SCAN, FANOUT), ok);
        assertThat(ok[0]).isTrue();
        assertThat(table).contains("yes, alert a1").contains("yes, alert a2").doesNotContain("MISSING", "NOT PLANTED");
    }

    @Test
    void aMissingAttackOrAnAlertNothingPlantedExplainsFails() {
        boolean[] ok = new boolean[1];
        // the scan's alert names another destination: not the planted one
        String table = printed(List.of(alert("a1", "lateral.port_scan", "10.1.1.4", "10.1.1.4", "10.1.3.9")), List.of(SCAN), ok);
        assertThat(ok[0]).isFalse();
        assertThat(table).contains("MISSING").contains("NOT PLANTED, alert a1");
        // a new edge from a host no planted attack raises it for
        printed(List.of(alert("a1", "lateral.port_scan", "10.1.1.4", "10.1.1.4", "10.1.3.4"),
                alert("a9", "lateral.new_edge", "10.2.2.4", "10.2.2.4", "10.1.1.4")), List.of(SCAN), ok);
        assertThat(ok[0]).isFalse();
    }
}
