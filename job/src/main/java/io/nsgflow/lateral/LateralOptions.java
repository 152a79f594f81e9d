package io.nsgflow.lateral;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Options of the lateral-movement detectors ({@code lateral.*}). Defaults follow the anchors the
 * detectors are modelled on (Zeek's scan detection, Elastic's and Sentinel's lateral-movement
 * rules), scaled to one flow tuple per connection start.
 */
public final class LateralOptions {

    private LateralOptions() {}

    public static final ConfigOption<Boolean> ENABLED = ConfigOptions
            .key("lateral.enabled").booleanType().defaultValue(true)
            .withDescription("Whether the lateral-movement detectors run.");

    public static final ConfigOption<List<Integer>> ADMIN_PORTS = ConfigOptions
            .key("lateral.admin-ports").intType().asList().defaultValues(22, 135, 139, 445, 3389, 5985, 5986)
            .withDescription("Destination ports of remote administration (SSH, RPC, NetBIOS, SMB, RDP, WinRM),"
                    + " separated by ';'.");

    public static final ConfigOption<List<String>> INTERNAL_PREFIXES = ConfigOptions
            .key("lateral.internal-prefixes").stringType().asList().defaultValues()
            .withDescription("CIDRs counted as inside the network besides the policy's VNet address spaces"
                    + " (e.g. on-premises ranges), separated by ';'. A connection is east-west when both ends are inside.");

    public static final ConfigOption<Duration> DEDUP_INTERVAL = ConfigOptions
            .key("lateral.dedup-interval").durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("Lines of the same connection (5-tuple) within this event-time interval count once:"
                    + " one connection is logged by up to four NSGs, and NSG v1 repeats a tuple every minute.");

    public static final ConfigOption<Duration> PORT_SCAN_WINDOW = ConfigOptions
            .key("lateral.port-scan.window").durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("Window of the port scan (one source, one destination).");

    public static final ConfigOption<Integer> PORT_SCAN_FAILED_PORTS = ConfigOptions
            .key("lateral.port-scan.failed-ports").intType().defaultValue(15)
            .withDescription("Port scan: distinct destination ports denied within the window.");

    public static final ConfigOption<Integer> PORT_SCAN_PORTS = ConfigOptions
            .key("lateral.port-scan.ports").intType().defaultValue(50)
            .withDescription("Port scan: distinct destination ports attempted within the window.");

    public static final ConfigOption<Integer> PORT_SCAN_ADMIN_PORTS = ConfigOptions
            .key("lateral.port-scan.admin-ports").intType().defaultValue(5)
            .withDescription("Port scan: distinct admin ports attempted within the window.");

    public static final ConfigOption<Duration> HOST_SWEEP_WINDOW = ConfigOptions
            .key("lateral.host-sweep.window").durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("Window of the host sweep (one source, one destination port).");

    public static final ConfigOption<Integer> HOST_SWEEP_FAILED_HOSTS = ConfigOptions
            .key("lateral.host-sweep.failed-hosts").intType().defaultValue(25)
            .withDescription("Host sweep: distinct destinations denied within the window.");

    public static final ConfigOption<Integer> HOST_SWEEP_HOSTS = ConfigOptions
            .key("lateral.host-sweep.hosts").intType().defaultValue(100)
            .withDescription("Host sweep: distinct destinations attempted within the window.");

    public static final ConfigOption<Duration> ADMIN_FANOUT_WINDOW = ConfigOptions
            .key("lateral.admin-fanout.window").durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Window of the admin-port fan-out (one source, admin ports, allowed connections).");

    public static final ConfigOption<Integer> ADMIN_FANOUT_MIN_HOSTS = ConfigOptions
            .key("lateral.admin-fanout.min-hosts").intType().defaultValue(5)
            .withDescription("Admin fan-out: allowed distinct destinations needed at least, whatever the baseline.");

    public static final ConfigOption<Double> ADMIN_FANOUT_BASELINE_FACTOR = ConfigOptions
            .key("lateral.admin-fanout.baseline-factor").doubleType().defaultValue(2.0)
            .withDescription("Admin fan-out: allowed distinct destinations needed, as a multiple of the source's"
                    + " largest count within one window in its learned baseline.");

    public static final ConfigOption<Integer> ADMIN_FANOUT_NEW_HOSTS = ConfigOptions
            .key("lateral.admin-fanout.new-hosts").intType().defaultValue(3)
            .withDescription("Admin fan-out: destinations the source never reached on admin ports before"
                    + " (after its warm-up), within the window.");

    public static final ConfigOption<Duration> PIVOT_WINDOW = ConfigOptions
            .key("lateral.pivot.window").durationType().defaultValue(Duration.ofMinutes(30))
            .withDescription("Pivot chain: the longest time between a hop reaching a host and the hop leaving it.");

    public static final ConfigOption<Integer> PIVOT_MAX_HOPS = ConfigOptions
            .key("lateral.pivot.max-hops").intType().defaultValue(4)
            .withDescription("Pivot chain: the most hops a chain grows to (at least 2).");

    public static final ConfigOption<Integer> PIVOT_MAX_HELD_HOPS = ConfigOptions
            .key("lateral.pivot.max-held-hops").intType().defaultValue(20_000)
            .withDescription("Pivot chain: admin-port hops held for joining (and waiting for the watermark); beyond this the oldest"
                    + " held are dropped, and the oldest half of those waiting is processed at once.");

    public static final ConfigOption<Duration> NEW_EDGE_WINDOW = ConfigOptions
            .key("lateral.new-edge.window").durationType().defaultValue(Duration.ofHours(1))
            .withDescription("New edge: window of the burst count.");

    public static final ConfigOption<Integer> NEW_EDGE_BURST = ConfigOptions
            .key("lateral.new-edge.burst").intType().defaultValue(10)
            .withDescription("New edge: new edges of one source within the window that alert whatever their port.");

    public static final ConfigOption<Duration> DENIED_THEN_ALLOWED_WINDOW = ConfigOptions
            .key("lateral.denied-then-allowed.window").durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Denied then allowed: window of the denied attempts before the allowed one.");

    public static final ConfigOption<Integer> DENIED_THEN_ALLOWED_DENIED = ConfigOptions
            .key("lateral.denied-then-allowed.denied").intType().defaultValue(5)
            .withDescription("Denied then allowed: denied attempts to the same destination or the same port before an allowed one.");

    public static final ConfigOption<Duration> BASELINE_LEARNING_PERIOD = ConfigOptions
            .key("lateral.baseline.learning-period").durationType().defaultValue(Duration.ofDays(7))
            .withDescription("Warm-up of each source, from its first connection: its edges are learned, and the"
                    + " baseline detectors (new edge, admin fan-out, pivot start) stay silent for it.");

    public static final ConfigOption<Duration> BASELINE_RETENTION = ConfigOptions
            .key("lateral.baseline.retention").durationType().defaultValue(Duration.ofDays(30))
            .withDescription("A learned edge not seen for this long is forgotten; a source silent this long is forgotten entirely.");

    public static final ConfigOption<Integer> BASELINE_MAX_EDGES = ConfigOptions
            .key("lateral.baseline.max-edges-per-host").intType().defaultValue(2_000)
            .withDescription("Learned edges kept per source; the least recently seen are dropped beyond this.");

    public static final ConfigOption<Integer> MAX_CONNECTIONS_PER_HOST = ConfigOptions
            .key("lateral.max-connections-per-host").intType().defaultValue(5_000)
            .withDescription("Connections of one source held per window (and waiting for the watermark); beyond this the"
                    + " oldest in a window are dropped, and the oldest half of those waiting is processed at once"
                    + " (replay: the watermark passes only at the end).");

    public static final ConfigOption<Duration> QUIET_PERIOD = ConfigOptions
            .key("lateral.alert.quiet-period").durationType().defaultValue(Duration.ofHours(1))
            .withDescription("An alert's episode ends after this long without activity; activity after it raises a new alert.");

    public static final ConfigOption<String> ALLOW_LIST = ConfigOptions
            .key("lateral.allow-list").stringType().noDefaultValue()
            .withDescription("File of JSON lines {\"source\": CIDR, \"destination\": CIDR?, \"ports\": [..]?,"
                    + " \"detectors\": [..]?, \"expires\": ISO time?, \"reason\": \"..\"}: connections the detectors"
                    + " never count (scanners, jump hosts, backup and monitoring servers). A policy-topic message"
                    + " {\"lateralAllowList\": [entries]} replaces it without a restart.");

    /** Every option, for the command line and the README. */
    public static final List<ConfigOption<?>> ALL = List.of(ENABLED, ADMIN_PORTS, INTERNAL_PREFIXES, DEDUP_INTERVAL,
            PORT_SCAN_WINDOW, PORT_SCAN_FAILED_PORTS, PORT_SCAN_PORTS, PORT_SCAN_ADMIN_PORTS,
            HOST_SWEEP_WINDOW, HOST_SWEEP_FAILED_HOSTS, HOST_SWEEP_HOSTS,
            ADMIN_FANOUT_WINDOW, ADMIN_FANOUT_MIN_HOSTS, ADMIN_FANOUT_BASELINE_FACTOR, ADMIN_FANOUT_NEW_HOSTS,
            PIVOT_WINDOW, PIVOT_MAX_HOPS, PIVOT_MAX_HELD_HOPS, NEW_EDGE_WINDOW, NEW_EDGE_BURST,
            DENIED_THEN_ALLOWED_WINDOW, DENIED_THEN_ALLOWED_DENIED,
            BASELINE_LEARNING_PERIOD, BASELINE_RETENTION, BASELINE_MAX_EDGES, MAX_CONNECTIONS_PER_HOST,
            QUIET_PERIOD, ALLOW_LIST);

    /**
     * Validates every option (failing with the option's name) and reads the allow-list file
     * (failing with the option, line number and field).
     */
    public static LateralSettings settings(Configuration conf) {
        for (ConfigOption<Integer> o : List.of(PORT_SCAN_FAILED_PORTS, PORT_SCAN_PORTS, PORT_SCAN_ADMIN_PORTS,
                HOST_SWEEP_FAILED_HOSTS, HOST_SWEEP_HOSTS, ADMIN_FANOUT_MIN_HOSTS, ADMIN_FANOUT_NEW_HOSTS,
                NEW_EDGE_BURST, DENIED_THEN_ALLOWED_DENIED, PIVOT_MAX_HELD_HOPS, BASELINE_MAX_EDGES,
                MAX_CONNECTIONS_PER_HOST)) {
            if (conf.get(o) < 1) {
                throw new IllegalArgumentException(o.key() + " must be at least 1, was " + conf.get(o));
            }
        }
        if (conf.get(PIVOT_MAX_HOPS) < 2) {
            throw new IllegalArgumentException(PIVOT_MAX_HOPS.key() + " must be at least 2, was " + conf.get(PIVOT_MAX_HOPS));
        }
        for (ConfigOption<Duration> o : List.of(PORT_SCAN_WINDOW, HOST_SWEEP_WINDOW, ADMIN_FANOUT_WINDOW, PIVOT_WINDOW,
                NEW_EDGE_WINDOW, DENIED_THEN_ALLOWED_WINDOW, BASELINE_RETENTION, QUIET_PERIOD)) {
            if (conf.get(o).isNegative() || conf.get(o).isZero()) {
                throw new IllegalArgumentException(o.key() + " must be positive, was " + conf.get(o));
            }
        }
        for (ConfigOption<Duration> o : List.of(DEDUP_INTERVAL, BASELINE_LEARNING_PERIOD)) {
            if (conf.get(o).isNegative()) {
                throw new IllegalArgumentException(o.key() + " must not be negative, was " + conf.get(o));
            }
        }
        if (!(conf.get(ADMIN_FANOUT_BASELINE_FACTOR) >= 0)) {
            throw new IllegalArgumentException(ADMIN_FANOUT_BASELINE_FACTOR.key() + " must not be negative, was "
                    + conf.get(ADMIN_FANOUT_BASELINE_FACTOR));
        }
        for (int port : conf.get(ADMIN_PORTS)) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(ADMIN_PORTS.key() + ": " + port + " is not a port (0-65535)");
            }
        }
        for (String p : conf.get(INTERNAL_PREFIXES)) {
            if (io.nsgflow.net.IpPrefix.tryParse(p.trim()) == null) {
                throw new IllegalArgumentException(INTERNAL_PREFIXES.key() + ": '" + p + "' is not a CIDR");
            }
        }
        AllowList allowList = conf.getOptional(ALLOW_LIST)
                .map(file -> AllowLists.readFile(file, ALLOW_LIST.key()))
                .orElseGet(AllowList::new);
        return new LateralSettings(
                conf.get(ADMIN_PORTS).stream().mapToInt(Integer::intValue).toArray(),
                conf.get(INTERNAL_PREFIXES).stream().map(String::trim).toList(),
                conf.get(DEDUP_INTERVAL).toMillis(),
                conf.get(PORT_SCAN_WINDOW).toMillis(), conf.get(PORT_SCAN_FAILED_PORTS), conf.get(PORT_SCAN_PORTS),
                conf.get(PORT_SCAN_ADMIN_PORTS),
                conf.get(HOST_SWEEP_WINDOW).toMillis(), conf.get(HOST_SWEEP_FAILED_HOSTS), conf.get(HOST_SWEEP_HOSTS),
                conf.get(ADMIN_FANOUT_WINDOW).toMillis(), conf.get(ADMIN_FANOUT_MIN_HOSTS),
                conf.get(ADMIN_FANOUT_BASELINE_FACTOR), conf.get(ADMIN_FANOUT_NEW_HOSTS),
                conf.get(PIVOT_WINDOW).toMillis(), conf.get(PIVOT_MAX_HOPS), conf.get(PIVOT_MAX_HELD_HOPS),
                conf.get(NEW_EDGE_WINDOW).toMillis(), conf.get(NEW_EDGE_BURST),
                conf.get(DENIED_THEN_ALLOWED_WINDOW).toMillis(), conf.get(DENIED_THEN_ALLOWED_DENIED),
                conf.get(BASELINE_LEARNING_PERIOD).toMillis(), conf.get(BASELINE_RETENTION).toMillis(),
                conf.get(BASELINE_MAX_EDGES), conf.get(MAX_CONNECTIONS_PER_HOST),
                conf.get(QUIET_PERIOD).toMillis(), allowList);
    }
}
