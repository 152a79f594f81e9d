package io.nsgflow.lateral;

import java.util.List;

/** The detectors: names (as the allow-list and {@code nsgflow.alert.type} write them), MITRE mapping. */
public final class Detector {

    public static final String PORT_SCAN = "port_scan";
    public static final String HOST_SWEEP = "host_sweep";
    public static final String ADMIN_FANOUT = "admin_fanout";
    public static final String PIVOT_CHAIN = "pivot_chain";
    public static final String NEW_EDGE = "new_edge";
    public static final String DENIED_THEN_ALLOWED = "denied_then_allowed";

    public static final List<String> NAMES =
            List.of(PORT_SCAN, HOST_SWEEP, ADMIN_FANOUT, PIVOT_CHAIN, NEW_EDGE, DENIED_THEN_ALLOWED);

    static final String DISCOVERY = "Discovery";
    static final String LATERAL_MOVEMENT = "Lateral Movement";

    private Detector() {}

    /** The alert type: {@code lateral.<name>}. */
    public static String alertType(String name) {
        return "lateral." + name;
    }

    static String tactic(String detector) {
        return detector.equals(PORT_SCAN) || detector.equals(HOST_SWEEP) ? DISCOVERY : LATERAL_MOVEMENT;
    }

    /** T1046 for discovery; T1021 with the sub-technique of the port where one port names it. */
    static String technique(String detector, Integer adminPort) {
        if (detector.equals(PORT_SCAN) || detector.equals(HOST_SWEEP)) {
            return "T1046";
        }
        if (adminPort == null) {
            return "T1021";
        }
        return switch (adminPort) {
            case 3389 -> "T1021.001";
            case 445, 139 -> "T1021.002";
            case 135 -> "T1021.003";
            case 22 -> "T1021.004";
            case 5985, 5986 -> "T1021.006";
            default -> "T1021";
        };
    }

    static String techniqueName(String id) {
        return switch (id) {
            case "T1046" -> "Network Service Discovery";
            case "T1021.001" -> "Remote Services: Remote Desktop Protocol";
            case "T1021.002" -> "Remote Services: SMB/Windows Admin Shares";
            case "T1021.003" -> "Remote Services: Distributed Component Object Model";
            case "T1021.004" -> "Remote Services: SSH";
            case "T1021.006" -> "Remote Services: Windows Remote Management";
            default -> "Remote Services";
        };
    }
}
