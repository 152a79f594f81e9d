package io.nsgflow.lateral;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** The detectors' thresholds, read once from {@link LateralOptions}; times in milliseconds. */
public record LateralSettings(
        int[] adminPorts,
        List<String> internalPrefixes,
        long dedupMillis,
        long portScanWindow, int portScanFailedPorts, int portScanPorts, int portScanAdminPorts,
        long hostSweepWindow, int hostSweepFailedHosts, int hostSweepHosts,
        long adminFanoutWindow, int adminFanoutMinHosts, double adminFanoutBaselineFactor, int adminFanoutNewHosts,
        long pivotWindow, int pivotMaxHops, int pivotMaxHeldHops,
        long newEdgeWindow, int newEdgeBurst,
        long deniedThenAllowedWindow, int deniedThenAllowedDenied,
        long learningPeriod, long retention, int maxEdgesPerHost, int maxConnectionsPerHost,
        long quietPeriod,
        AllowList allowList) implements Serializable {

    public LateralSettings {
        adminPorts = adminPorts.clone();
        Arrays.sort(adminPorts);
        internalPrefixes = List.copyOf(internalPrefixes);
    }

    public boolean isAdminPort(int port) {
        return Arrays.binarySearch(adminPorts, port) >= 0;
    }

    /** The options' defaults (no allow-list). */
    public static LateralSettings defaults() {
        return LateralOptions.settings(new org.apache.flink.configuration.Configuration());
    }

    /** A copy with another allow-list (the one from the file is the start value). */
    public LateralSettings withAllowList(AllowList list) {
        return new LateralSettings(adminPorts, internalPrefixes, dedupMillis, portScanWindow, portScanFailedPorts,
                portScanPorts, portScanAdminPorts, hostSweepWindow, hostSweepFailedHosts, hostSweepHosts,
                adminFanoutWindow, adminFanoutMinHosts, adminFanoutBaselineFactor, adminFanoutNewHosts, pivotWindow,
                pivotMaxHops, pivotMaxHeldHops, newEdgeWindow, newEdgeBurst, deniedThenAllowedWindow,
                deniedThenAllowedDenied, learningPeriod, retention, maxEdgesPerHost, maxConnectionsPerHost, quietPeriod,
                list);
    }

    /** A copy with another warm-up (tests and the generated scenarios use short ones). */
    public LateralSettings withLearningPeriod(long millis) {
        return new LateralSettings(adminPorts, internalPrefixes, dedupMillis, portScanWindow, portScanFailedPorts,
                portScanPorts, portScanAdminPorts, hostSweepWindow, hostSweepFailedHosts, hostSweepHosts,
                adminFanoutWindow, adminFanoutMinHosts, adminFanoutBaselineFactor, adminFanoutNewHosts, pivotWindow,
                pivotMaxHops, pivotMaxHeldHops, newEdgeWindow, newEdgeBurst, deniedThenAllowedWindow,
                deniedThenAllowedDenied, millis, retention, maxEdgesPerHost,
                maxConnectionsPerHost, quietPeriod, allowList);
    }
}
