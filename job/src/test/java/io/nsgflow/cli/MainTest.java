package io.nsgflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Who owns the JVM decides how a failing command ends: {@code java -jar} exits with the code, a
 * Flink client (which sets a context environment before calling main, as the REST API does inside
 * the JobManager) gets an exception. Were {@code main} to exit here, it would kill the test JVM.
 */
class MainTest {

    @Test
    void withoutFlinkClientTheCliOwnsTheJvm() {
        assertThat(Main.calledByFlinkClient()).isFalse();
    }

    @Test
    void underAFlinkClientABadOptionThrowsNamingTheOptionInsteadOfExiting() {
        StreamContextEnvironment.setAsContext(new DefaultExecutorServiceLoader(), new Configuration(),
                MainTest.class.getClassLoader(), false, false);
        try {
            assertThat(Main.calledByFlinkClient()).isTrue();
            assertThatThrownBy(() -> Main.main(new String[] {"stream", "--kafka.bootstrap-servers", "k:9092",
                    "--elasticsearch.hosts", "http://es:9200", "--checkpoint.interval", "soon"}))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessageContaining("option --checkpoint.interval: cannot use 'soon'")
                    .satisfies(e -> assertThat(((CommandFailedException) e).exitCode()).isEqualTo(Command.EXIT_USAGE));
            assertThatThrownBy(() -> Main.main(new String[] {"no-such-command"}))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessageContaining("unknown command 'no-such-command'");
        } finally {
            StreamContextEnvironment.unsetAsContext();
        }
        assertThat(Main.calledByFlinkClient()).isFalse();
    }
}
