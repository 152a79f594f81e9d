package io.nsgflow.demo;

import io.nsgflow.synthetic.EnterpriseScenario;
import io.nsgflow.synthetic.FlowLogGenerator;
import io.nsgflow.synthetic.GeneratorOptions;
import io.nsgflow.synthetic.LateralScenario;
import java.time.Duration;
import java.time.Instant;

/**
 * What the demo sends: the synthetic enterprise with its policy change {@code changeAfter} into the
 * run, a generated run with planted drift and lateral movement ({@link LateralScenario#burst}: a port
 * scan, a host sweep, probing until allowed, in minutes 1-3), and a few trailing minutes of normal traffic only (no
 * planted drift, no malformed input) whose event time closes the windows of the run's last minute.
 */
record DemoScenario(EnterpriseScenario scenario, FlowLogGenerator run, FlowLogGenerator trailing) {

    static final int TRAILING_MINUTES = 3;

    static DemoScenario of(long seed, int minutes, Duration changeAfter, int connectionsPerMinute, int driftPerType) {
        if (minutes < 4) {
            throw new IllegalArgumentException("--minutes must be at least 4, was " + minutes);
        }
        Duration change = changeAfter.isZero() ? Duration.ofMinutes(minutes / 2) : changeAfter;
        if (change.toMinutes() < 2 || change.toMinutes() > minutes - 2) {
            throw new IllegalArgumentException("--change-after must be 2 to " + (minutes - 2) + " minutes, was "
                    + change.toMinutes());
        }
        Instant v1From = EnterpriseScenario.DEFAULT_V1_FROM;
        EnterpriseScenario scenario = EnterpriseScenario.generate(seed, EnterpriseScenario.DEFAULT_NICS, v1From,
                v1From.plus(change));
        FlowLogGenerator run = new FlowLogGenerator(scenario, seed, v1From, GeneratorOptions.defaults()
                .withMinutes(minutes).withConnectionsPerMinute(connectionsPerMinute).withDriftPerType(driftPerType))
                .plant(LateralScenario.burst(scenario, v1From.toEpochMilli()));
        FlowLogGenerator trailing = new FlowLogGenerator(scenario, seed + 1, v1From.plus(Duration.ofMinutes(minutes)),
                new GeneratorOptions(TRAILING_MINUTES, Math.max(10, connectionsPerMinute / 10), 0, 0, 0, 0, 0, 0));
        return new DemoScenario(scenario, run, trailing);
    }

    int totalMinutes() {
        return run.minutes() + trailing.minutes();
    }
}
