package io.nsgflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.localstack.PrometheusEndpoint.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

    @Test
    void readsSamplesWithLabelsAndSkipsComments() {
        String text = """
                # HELP flink_taskmanager_job_task_operator_flowlog_records records (scope: taskmanager_job_task_operator_flowlog)
                # TYPE flink_taskmanager_job_task_operator_flowlog_records counter
                flink_taskmanager_job_task_operator_flowlog_records{job_id="ab12",operator_name="decode \\"flow\\" logs",subtask_index="0",} 42.0

                flink_jobmanager_numRunningJobs 1.0
                flink_taskmanager_Status_JVM_CPU_Load 3.5E-4 1700000000000
                """;
        assertThat(PrometheusEndpoint.parse(text)).containsExactly(
                new Sample("flink_taskmanager_job_task_operator_flowlog_records",
                        Map.of("job_id", "ab12", "operator_name", "decode \"flow\" logs", "subtask_index", "0"), 42.0),
                new Sample("flink_jobmanager_numRunningJobs", Map.of(), 1.0),
                new Sample("flink_taskmanager_Status_JVM_CPU_Load", Map.of(), 3.5E-4));
    }

    @Test
    void refusesALineThatIsNoSample() {
        assertThatThrownBy(() -> PrometheusEndpoint.parse("flink_x{job_id=\"a\"}"))
                .hasMessageContaining("not a Prometheus sample line");
        assertThat(PrometheusEndpoint.parse("")).isEqualTo(List.of());
    }
}
