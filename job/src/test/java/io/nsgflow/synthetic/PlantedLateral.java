package io.nsgflow.synthetic;

import java.util.List;
import java.util.Set;

/**
 * A lateral-movement attack planted in a generated run: what the detectors must find.
 *
 * @param type       detector name (port_scan, host_sweep, ...)
 * @param entity     the attacking host (pivot chain: the first host)
 * @param path       hosts in order: the attacker then its targets (a chain: every host of it)
 * @param time       epoch ms of the attack's first connection
 * @param alsoRaises other detector names the same activity rightly raises, on the hosts of the path
 *                   (a new admin edge is also a new edge)
 * @param why        what was planted, for people
 */
public record PlantedLateral(String type, String entity, List<String> path, long time, Set<String> alsoRaises, String why) {

    public PlantedLateral {
        path = List.copyOf(path);
        alsoRaises = Set.copyOf(alsoRaises);
    }
}
