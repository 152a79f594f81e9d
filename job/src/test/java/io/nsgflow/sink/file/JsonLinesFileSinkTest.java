package io.nsgflow.sink.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    @Test
    void aTypedStreamFromParallelSubtasksBecomesOneFileOfLinesAndAnEmptyStreamAnEmptyFile() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        DataStream<Integer> numbers = env.fromData(IntStream.rangeClosed(1, 1000).boxed().toList(), Types.INT)
                .rebalance().map(n -> n * 2, Types.INT);
        Path file = tmp.resolve("out").resolve("numbers.jsonl");
        JsonLinesFileSink.write(numbers, file.toUri().toString(), n -> "{\"n\":" + n + "}", "numbers");
        Path empty = tmp.resolve("empty.jsonl");
        Files.writeString(empty, "stale content of an earlier run\n");
        JsonLinesFileSink.write(numbers.filter(n -> n < 0), empty.toUri().toString(), n -> "x", "none");
        env.execute();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1000).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 1000).mapToObj(n -> "{\"n\":" + 2 * n + "}").toList());
        assertThat(Files.readString(empty)).isEmpty();
    }

    @Test
    void moreThanOneWriterPerFileIsRefused() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        DataStream<Integer> numbers = env.fromData(List.of(1, 2, 3), Types.INT);
        numbers.sinkTo(new JsonLinesFileSink<>(tmp.resolve("twice.jsonl").toUri().toString(), String::valueOf))
                .setParallelism(2);
        assertThatThrownBy(env::execute).hasStackTraceContaining("one writer per file");
    }
}
