package io.nsgflow.lateral;

import io.nsgflow.alert.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made connections and a collecting output for the detector tests. */
final class LateralFixtures {

    static final long MIN = 60_000;
    static final long HOUR = 60 * MIN;
    /** 2026-11-20T00:00:00Z */
    static final long T0 = 1_795_132_800_000L;

    private LateralFixtures() {}

    static Connection conn(long time, String src, String dst, int port, boolean allowed) {
        Connection c = new Connection();
        c.time = time;
        c.src = src;
        c.dst = dst;
        c.srcPort = 40000 + (int) (time / 1000 % 20000);
        c.dstPort = port;
        c.protocol = "TCP";
        c.allowed = allowed;
        c.crossesSubnet = true;
        if (allowed) {
            c.nsg = "nsg-app";
            c.rule = "securityRules/AllowAdmin";
        }
        return c;
    }

    static Connection viaDefault(Connection c) {
        c.nsg = "nsg-app";
        c.rule = "defaultSecurityRules/AllowVnetInBound";
        c.defaultRule = true;
        c.wideRule = true;
        return c;
    }

    /** Collects alerts (the last version of each id) and hops. */
    static final class Collected implements SourceDetectors.Output {
        final List<Alert> emitted = new ArrayList<>();
        final List<AdminHop> hops = new ArrayList<>();

        @Override
        public void alert(Alert alert) {
            emitted.add(alert);
        }

        @Override
        public void hop(AdminHop hop) {
            hops.add(hop);
        }

        /** Latest version (highest revision) per id, in order of first emission. */
        List<Alert> alerts() {
            Map<String, Alert> last = new LinkedHashMap<>();
            emitted.forEach(a -> last.merge(a.getId(), a, (x, y) -> y.getRevision() > x.getRevision() ? y : x));
            return new ArrayList<>(last.values());
        }

        List<Alert> ofType(String detector) {
            return alerts().stream().filter(a -> a.getType().equals(Detector.alertType(detector))).toList();
        }
    }
}
