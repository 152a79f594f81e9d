package io.nsgflow.flowlog;

import io.nsgflow.ingest.RawPayload;
import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.deadletter.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The samples through FileSource, decoder and watermarks on a real (mini) cluster. */
class FlowLogPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path dir;

    @Test
    void samplesFromAFolderGiveThirtyRecordsWithEventTimeAndDeadLettersOnTheSide() throws Exception {
        Files.write(dir.resolve("nsg.json"), FlowLogSamplesTest.sample("nsg-flowlog-v2.json"));
        Path sub = Files.createDirectory(dir.resolve("vnet"));
        Files.write(sub.resolve("vnet.json"), FlowLogSamplesTest.sample("vnet-flowlog-v4.json"));
        Files.writeString(dir.resolve("broken.json"), "{\"records\":[{\"time\":");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Configuration conf = new Configuration();
        DataStream<RawPayload> raw = env.fromSource(FlowLogSources.files(dir.toString()),
                WatermarkStrategy.noWatermarks(), "flow-log files");
        SingleOutputStreamOperator<FlowRecord> decoded = FlowLogStreams.decode(raw, conf);
        CloseableIterator<DeadLetter> deadLetters = decoded.getSideOutput(FlowLogDecodeFunction.DEAD_LETTERS)
                .collectAsync();
        // each record paired with the timestamp Flink assigned to it
        CloseableIterator<String> stamped = decoded
                .process(new ProcessFunction<FlowRecord, String>() {
                    @Override
                    public void processElement(FlowRecord r, Context ctx, Collector<String> out) {
                        out.collect(r.getLogFormat() + " " + r.getEventTime() + " " + ctx.timestamp());
                    }
                }, Types.STRING)
                .collectAsync();
        env.execute("flow-log pipeline test");

        List<String> records = drain(stamped);
        assertThat(records).hasSize(11 + 19);
        assertThat(records).filteredOn(s -> s.startsWith("NSG_V2")).hasSize(11);
        assertThat(records).filteredOn(s -> s.startsWith("VNET_V4")).hasSize(19);
        assertThat(records).allSatisfy(s -> {
            String[] parts = s.split(" ");
            assertThat(parts[2]).isEqualTo(parts[1]);
        });
        assertThat(records).contains("NSG_V2 1542110402000 1542110402000", "VNET_V4 1663146022793 1663146022793");

        List<DeadLetter> dead = drain(deadLetters);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getReason()).isEqualTo("UNREADABLE");
        assertThat(dead.get(0).getOrigin().getKind()).isEqualTo("file");
        assertThat(dead.get(0).getOrigin().getPath()).endsWith("broken.json");
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
