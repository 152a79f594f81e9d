package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.nsgflow.localstack.ElasticsearchNode;
import io.nsgflow.localstack.FlinkRestClient;
import io.nsgflow.localstack.FlinkSessionCluster;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.LocalStackException;
import io.nsgflow.localstack.junit.ElasticsearchExtension;
import io.nsgflow.localstack.junit.FlinkClusterExtension;
import io.nsgflow.localstack.junit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A REST submission of {@code stream} runs nsgflow's main method inside the JobManager's JVM: a bad
 * option must fail that submission with a message naming the option, never exit the JVM (which
 * would take the session cluster down for every team on it).
 */
@ExtendWith({KafkaExtension.class, ElasticsearchExtension.class, FlinkClusterExtension.class})
class BadOptionOnSessionClusterIT {

    @Test
    void badOptionFailsTheSubmissionAndTheClusterAcceptsTheNextJob(KafkaBroker kafka, ElasticsearchNode es,
            FlinkSessionCluster flink) {
        Path jar = Path.of(System.getProperty("nsgflow.jar", "target/nsgflow.jar"));
        assertThat(jar).as("the shaded jar (mvn package runs before the ITs)").exists();
        String run = "bad-option-it-" + System.nanoTime();
        kafka.createTopics(1, List.of(run + "-flowlogs", run + "-policy", run + "-deadletters"));
        FlinkRestClient rest = flink.rest();
        String jarId = rest.uploadJar(jar);
        try {
            List<String> bad = streamArgs(kafka, es, run, "soon");
            assertThatThrownBy(() -> rest.runJar(jarId, bad))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessageContaining("answered 400")
                    .hasMessageContaining("option --checkpoint.interval: cannot use 'soon'");

            JsonNode overview = flink.overview();
            assertThat(overview.path("taskmanagers").asInt()).as("the TaskManager is still registered").isEqualTo(1);
            assertThat(overview.path("jobs-running").asInt()).isZero();

            String jobId = rest.runJar(jarId, streamArgs(kafka, es, run, "5 s"));
            try {
                rest.awaitAllTasksRunning(jobId, Duration.ofMinutes(4));
                assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");
            } finally {
                rest.cancel(jobId, Duration.ofMinutes(1));
            }
            assertThat(rest.jobState(jobId)).isEqualTo("CANCELED");
        } finally {
            rest.deleteJar(jarId);
        }
    }

    private static List<String> streamArgs(KafkaBroker kafka, ElasticsearchNode es, String run, String interval) {
        return new ArrayList<>(List.of("stream",
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--kafka.group-id", run,
                "--flowlog.topic", run + "-flowlogs",
                "--policy.topic", run + "-policy",
                "--deadletter.topic", run + "-deadletters",
                "--elasticsearch.hosts", es.url(),
                "--elasticsearch.index-prefix", run,
                "--checkpoint.interval", interval));
    }
}
