package io.nsgflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad options stop {@code stream} before any job is built: exit 2, a message naming the option. */
class StreamCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return new StreamCommand().run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void unknownOptionExitsWithUsageCode() throws Exception {
        assertThat(run("--kafka.bootstrap-servers", "k:9092", "--es.hosts", "http://es:9200")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --es.hosts");
    }

    @Test
    void missingRequiredOptionExitsWithUsageCode() throws Exception {
        assertThat(run("--kafka.bootstrap-servers", "k:9092")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing required option --elasticsearch.hosts");
    }

    @Test
    void helpListsEveryOption() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--kafka.bootstrap-servers", "--kafka.group-id",
                "--flowlog.topic", "--elasticsearch.hosts", "--elasticsearch.index",
                "--elasticsearch.bulk.max-actions", "--elasticsearch.bulk.flush-interval");
    }
}
