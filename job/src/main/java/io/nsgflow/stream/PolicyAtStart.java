package io.nsgflow.stream;

import io.nsgflow.kafka.KafkaOptions;
import io.nsgflow.kafka.TopicContents;
import io.nsgflow.policy.PolicyValidationException;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The policy versions already on the policy topic when {@code stream} starts, read before the job
 * is built and given to the re-evaluation as its initial versions.
 *
 * <p>Why: the flow-log and policy topics are read by two sources that know nothing of each other.
 * A job that starts on a backlog (a new deployment, a restart without state) can read flows of an
 * hour before it has read the policy change that came in that hour, and judge them against the
 * version before it: false drift. Known before the first flow, every version published by then
 * is in force from the start. Messages that are not policy versions (allow-lists, malformed
 * ones) are left to the stream, which reads the topic again from its start (and dead-letters
 * what it cannot read); reading a version twice changes nothing.
 */
public final class PolicyAtStart {

    private PolicyAtStart() {}

    /**
     * @throws IllegalStateException when the topic is not read within {@code timeout}, saying which
     *     options decide that
     */
    public static List<PolicyUpdate> read(Configuration conf, Map<String, String> env, Duration timeout) {
        List<byte[]> values;
        try {
            values = TopicContents.readToEnd(conf, env, conf.get(KafkaOptions.POLICY_TOPIC), timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; raise --" + StreamOptions.POLICY_READ_AT_START_TIMEOUT.key()
                    + " or set --" + StreamOptions.POLICY_READ_AT_START.key() + " false", e);
        }
        List<PolicyUpdate> versions = new ArrayList<>();
        for (byte[] value : values) {
            try {
                versions.add(PolicyUpdates.read(new String(value, StandardCharsets.UTF_8)));
            } catch (PolicyValidationException notAVersion) {
                // the stream's policy decoder dead-letters it (or the allow-list reader takes it)
            }
        }
        return versions;
    }
}
