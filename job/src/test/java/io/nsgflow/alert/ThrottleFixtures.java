package io.nsgflow.alert;

import java.time.Instant;
import java.util.Map;

/** Alerts for throttling tests: one type, entities and times chosen by the test. */
final class ThrottleFixtures {

    static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    private ThrottleFixtures() {}

    static Alert alert(String id, String entity, long time, Severity severity, Map<String, String> evidence) {
        return Alert.newBuilder()
                .setId(id).setType("drift.unexpected_allow").setSeverity(severity).setEntity(entity)
                .setSummary("summary of " + id).setEvidence(evidence)
                .setTechniqueId("T1562.007").setTechniqueName("Impair Defenses").setTactic("Defense Evasion")
                .setFirstSeen(time).setLastSeen(time).setCount(1L).setPolicyVersion("v1")
                .build();
    }

    static Alert alert(String id, String entity, long time) {
        return alert(id, entity, time, Severity.HIGH, Map.of("flow", "flow of " + id));
    }
}
