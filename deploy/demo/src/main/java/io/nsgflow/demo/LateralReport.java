package io.nsgflow.demo;

import io.nsgflow.demo.ElasticsearchFindings.AlertSeen;
import io.nsgflow.synthetic.PlantedLateral;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's lateral-movement table: every planted attack next to the alert in Elasticsearch that
 * finds it (same type, attacker and hosts), then every lateral alert nothing planted explains.
 */
final class LateralReport {

    private LateralReport() {}

    /** What the comparison found: the alerts matching each planted attack (null: missed) and the false ones. */
    record Outcome(List<AlertSeen> matched, List<AlertSeen> falseAlerts) {
        boolean ok() {
            return !matched.contains(null) && falseAlerts.isEmpty();
        }
    }

    static Outcome compare(List<AlertSeen> alerts, List<PlantedLateral> planted) {
        List<AlertSeen> lateral = alerts.stream().filter(a -> a.type().startsWith("lateral.")).toList();
        List<AlertSeen> matched = new ArrayList<>();
        Set<AlertSeen> explained = new LinkedHashSet<>();
        for (PlantedLateral p : planted) {
            AlertSeen hit = null;
            for (AlertSeen a : lateral) {
                if (a.type().equals("lateral." + p.type()) && a.entity().equals(p.entity())
                        && new HashSet<>(a.related()).equals(new HashSet<>(p.path()))) {
                    hit = a;
                }
            }
            matched.add(hit);
            if (hit != null) {
                explained.add(hit);
            }
        }
        for (AlertSeen a : lateral) {
            for (PlantedLateral p : planted) {
                // what the same activity rightly raises too (a new admin edge is also a new edge), on its hosts
                if (p.alsoRaises().contains(a.type().substring("lateral.".length())) && p.path().contains(a.entity())
                        && p.path().containsAll(a.related())) {
                    explained.add(a);
                }
            }
        }
        return new Outcome(matched, lateral.stream().filter(a -> !explained.contains(a)).toList());
    }

    /** Prints the table; true when every planted attack was found and nothing else was raised. */
    static boolean print(PrintStream out, List<AlertSeen> alerts, List<PlantedLateral> planted) {
        Outcome o = compare(alerts, planted);
        out.println("Lateral movement in Elasticsearch (nsgflow.alert.type lateral.*), next to what was planted:");
        out.printf("  %-28s %-12s %-6s %-10s %s%n", "type", "entity", "hosts", "severity", "found");
        for (int i = 0; i < planted.size(); i++) {
            PlantedLateral p = planted.get(i);
            AlertSeen a = o.matched().get(i);
            out.printf("  %-28s %-12s %-6d %-10s %s%n", "lateral." + p.type(), p.entity(), p.path().size(),
                    a == null ? "-" : a.severity(), a == null ? "MISSING (" + p.why() + ")" : "yes, alert " + a.id());
        }
        for (AlertSeen a : o.falseAlerts()) {
            out.printf("  %-28s %-12s %-6d %-10s %s%n", a.type(), a.entity(), a.related().size(), a.severity(),
                    "NOT PLANTED, alert " + a.id());
        }
        return o.ok();
    }
}
