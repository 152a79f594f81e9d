package io.nsgflow.synthetic;

import io.nsgflow.synthetic.EnterpriseScenario.Host;
import io.nsgflow.synthetic.EnterpriseScenario.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A day of lateral movement for a 30-NIC {@link EnterpriseScenario}: one attack of each kind, planted
 * after the detectors' warm-up at hours far apart (more than the quiet period), among benign fan-out
 * that must stay silent: a DNS server in the hub every host asks (fan-in), the monitoring server
 * scraping every web host every 5 minutes and, doubling as backup server, reaching every web host on
 * SMB at 01:00 (warm-up) and again at 22:00 (inside its baseline), the jump host's SSH (allow-listed), load-balancer probes (normal traffic).
 * Attack connections are logged as the policy decides, like normal traffic.
 */
public final class LateralScenario {

    /** The warm-up the replay must be given ({@code lateral.baseline.learning-period}). */
    public static final Duration WARM_UP = Duration.ofHours(3);
    /** A name server in the hub (no NIC in the policy: only its clients log). */
    public static final String DNS_SERVER = "10.0.1.53";
    public static final String BACKUP_SERVER = "10.0.1.5";

    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;
    private static final int TCP = 6;
    private static final int UDP = 17;

    /** One connection to log at {@code time}, as the policy decides. */
    public record Scheduled(long time, String src, String dst, int srcPort, int dstPort, int protocol) {}

    private final List<Scheduled> connections = new ArrayList<>();
    private final List<PlantedLateral> planted = new ArrayList<>();

    /** @param dayStart the run's first minute (the run must last 24 hours) */
    public LateralScenario(EnterpriseScenario s, long dayStart) {
        benign(s, dayStart);
        attacks(s, dayStart);
    }

    private LateralScenario() {}

    /**
     * A few minutes of the attacks that need no learned baseline, for short runs (the stream test,
     * the demo) with the default warm-up, during which the baseline detectors stay silent: a port
     * scan in minute 1, a host sweep in minute 2, and probing until SQL was allowed in minute 3 (the
     * run should last at least 4 minutes).
     */
    public static LateralScenario burst(EnterpriseScenario s, long start) {
        LateralScenario plan = new LateralScenario();
        Host web = s.hosts(Tier.WEB, "vnet-prod").get(0);
        List<Host> db = s.hosts(Tier.DB, "vnet-prod");
        long t = start + MIN;
        for (int port = 1; port <= 20; port++) {
            plan.add(t + port * 2_000L, web.ip(), db.get(0).ip(), port, TCP);
        }
        plan.planted.add(new PlantedLateral("port_scan", web.ip(), List.of(web.ip(), db.get(0).ip()), t + 2_000, Set.of(),
                "ports 1-20 of " + db.get(0).name() + ", every one denied by the database subnet"));

        Host devApp = s.hosts(Tier.APP, "vnet-dev").get(0);
        t = start + 2 * MIN;
        List<String> swept = new ArrayList<>(List.of(devApp.ip()));
        for (int i = 1; i <= 30; i++) {
            plan.add(t + i * 1_500L, devApp.ip(), "10.1.2." + (100 + i), 8080, TCP);
            swept.add("10.1.2." + (100 + i));
        }
        plan.planted.add(new PlantedLateral("host_sweep", devApp.ip(), swept, t + 1_500, Set.of(),
                "10.1.2.101-130 on 8080 from the dev VNet, which is not peered with prod: denied on the way out"));

        List<Host> apps = s.hosts(Tier.APP, "vnet-prod");
        Host app = apps.get(apps.size() - 1);
        Host target = db.get(db.size() - 1);
        t = start + 3 * MIN;
        int[] probed = {3306, 5432, 1521, 27017, 6379};
        for (int i = 0; i < probed.length; i++) {
            plan.add(t + i * 5_000L, app.ip(), target.ip(), probed[i], TCP);
        }
        plan.add(t + 30_000, app.ip(), target.ip(), 1433, TCP);
        plan.planted.add(new PlantedLateral("denied_then_allowed", app.ip(), List.of(app.ip(), target.ip()), t, Set.of(),
                "five database ports denied, then SQL allowed by AllowSqlFromApp"));
        return plan;
    }

    public List<Scheduled> connections() {
        return connections;
    }

    public List<PlantedLateral> planted() {
        return planted;
    }

    /** The allow-list the replay is given: the jump host's SSH is its job. */
    public static String allowListJsonl() {
        return "{\"source\": \"" + EnterpriseScenario.JUMP_HOST_IP + "\", \"ports\": [22],"
                + " \"detectors\": [\"admin_fanout\", \"new_edge\", \"pivot_chain\"], \"reason\": \"jump host\"}\n";
    }

    private void benign(EnterpriseScenario s, long day) {
        List<Host> spoke = new ArrayList<>();
        s.hosts().stream().filter(h -> h.tier() != Tier.MGMT).forEach(spoke::add);
        for (int i = 0; i < spoke.size(); i++) {
            for (long t = day + (i * 37_000L) % (10 * MIN); t < day + 24 * HOUR; t += 10 * MIN) {
                add(t, spoke.get(i).ip(), DNS_SERVER, 53, UDP);
            }
        }
        List<Host> web = s.hosts(Tier.WEB);
        for (int i = 0; i < web.size(); i++) {
            // the monitoring server scrapes every web host's node exporter every 5 minutes
            for (long t = day + (i * 11_000L) % (5 * MIN); t < day + 24 * HOUR; t += 5 * MIN) {
                add(t, BACKUP_SERVER, web.get(i).ip(), 9100, TCP);
            }
        }
        for (long night : new long[] {day + HOUR, day + 22 * HOUR}) {
            for (int i = 0; i < web.size(); i++) {
                add(night + i * 5_000L, BACKUP_SERVER, web.get(i).ip(), 445, TCP);
            }
        }
    }

    private void attacks(EnterpriseScenario s, long day) {
        Host prodWeb1 = s.hosts(Tier.WEB, "vnet-prod").get(0);
        Host prodDb1 = s.hosts(Tier.DB, "vnet-prod").get(0);
        long t = day + 4 * HOUR;
        for (int port = 1; port <= 100; port++) {
            add(t + port * 1_000L, prodWeb1.ip(), prodDb1.ip(), port, TCP);
        }
        planted.add(new PlantedLateral("port_scan", prodWeb1.ip(), List.of(prodWeb1.ip(), prodDb1.ip()), t + 1_000,
                Set.of(), "ports 1-100 of " + prodDb1.name() + ", every one denied by the database subnet"));

        Host devApp1 = s.hosts(Tier.APP, "vnet-dev").get(0);
        t = day + 6 * HOUR;
        List<String> swept = new ArrayList<>(List.of(devApp1.ip()));
        for (int i = 1; i <= 40; i++) {
            add(t + i * 2_000L, devApp1.ip(), "10.1.2." + i, 8080, TCP);
            swept.add("10.1.2." + i);
        }
        planted.add(new PlantedLateral("host_sweep", devApp1.ip(), swept, t + 2_000, Set.of(),
                "10.1.2.1-40 on 8080 from the dev VNet, which is not peered with prod: denied on the way out"));

        List<Host> prodWeb = s.hosts(Tier.WEB, "vnet-prod");
        Host prodWeb2 = prodWeb.get(1);
        t = day + 8 * HOUR;
        List<String> fanned = new ArrayList<>(List.of(prodWeb2.ip()));
        for (int i = 2; i < 8; i++) {
            add(t + (i - 2) * 3 * MIN, prodWeb2.ip(), prodWeb.get(i).ip(), 3389, TCP);
            fanned.add(prodWeb.get(i).ip());
        }
        planted.add(new PlantedLateral("admin_fanout", prodWeb2.ip(), fanned, t, Set.of("new_edge"),
                "RDP to six other prod web servers, allowed by AllowVnetInBound"));

        List<Host> devWeb = s.hosts(Tier.WEB, "vnet-dev");
        t = day + 10 * HOUR;
        add(t, devWeb.get(0).ip(), devWeb.get(1).ip(), 3389, TCP);
        add(t + 8 * MIN, devWeb.get(1).ip(), devWeb.get(2).ip(), 22, TCP);
        add(t + 15 * MIN, devWeb.get(2).ip(), devWeb.get(3).ip(), 445, TCP);
        planted.add(new PlantedLateral("pivot_chain", devWeb.get(0).ip(),
                List.of(devWeb.get(0).ip(), devWeb.get(1).ip(), devWeb.get(2).ip(), devWeb.get(3).ip()), t,
                Set.of("new_edge"), "RDP, then SSH, then SMB through three dev web servers within 15 minutes"));

        Host prodApp2 = s.hosts(Tier.APP, "vnet-prod").get(1);
        Host prodWeb5 = prodWeb.get(4);
        t = day + 13 * HOUR;
        add(t, prodApp2.ip(), prodWeb5.ip(), 8443, TCP);
        planted.add(new PlantedLateral("new_edge", prodApp2.ip(), List.of(prodApp2.ip(), prodWeb5.ip()), t, Set.of(),
                "an app server opens 8443 to a web server it never talked to"));

        Host prodApp3 = s.hosts(Tier.APP, "vnet-prod").get(2);
        Host prodDb2 = s.hosts(Tier.DB, "vnet-prod").get(1);
        t = day + 15 * HOUR;
        int[] probed = {3306, 5432, 1521, 27017, 6379};
        for (int i = 0; i < probed.length; i++) {
            add(t + i * MIN, prodApp3.ip(), prodDb2.ip(), probed[i], TCP);
        }
        add(t + 6 * MIN, prodApp3.ip(), prodDb2.ip(), 1433, TCP);
        planted.add(new PlantedLateral("denied_then_allowed", prodApp3.ip(), List.of(prodApp3.ip(), prodDb2.ip()), t,
                Set.of(), "five database ports denied, then SQL allowed by AllowSqlFromApp"));
    }

    private void add(long time, String src, String dst, int port, int protocol) {
        int srcPort = 49152 + (int) (Math.floorMod(time / 1000 + dst.hashCode() + port, 16384));
        connections.add(new Scheduled(time, src, dst, srcPort, port, protocol));
    }
}
