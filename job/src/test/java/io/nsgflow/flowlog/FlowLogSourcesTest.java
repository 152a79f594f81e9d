package io.nsgflow.flowlog;

import io.nsgflow.net.Direction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FlowLogSourcesTest {

    @Test
    void badConfigurationFailsNamingTheOption() {
        Configuration negative = new Configuration();
        negative.set(FlowLogOptions.WATERMARK_OUT_OF_ORDERNESS, Duration.ofSeconds(-1));
        assertThatThrownBy(() -> FlowLogWatermarks.strategy(negative))
                .hasMessageContaining("flowlog.watermark.out-of-orderness");
        Configuration zeroPayload = new Configuration();
        zeroPayload.set(FlowLogOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES, 0);
        assertThatThrownBy(() -> FlowLogDecodeFunction.from(zeroPayload))
                .hasMessageContaining("flowlog.dead-letter.max-payload-bytes");
        assertThatThrownBy(FlowLogSources::files).hasMessageContaining("no flow-log files");
    }

    @Test
    void watermarksUseEventTimeWithFiveMinutesOutOfOrdernessByDefault() {
        var strategy = FlowLogWatermarks.strategy(new Configuration());
        FlowRecord r = FlowRecordFixtures.addresses(FlowRecord.newBuilder(), "10.0.0.1", "10.0.0.2")
                .setEventTime(1_700_000_000_000L).setLogFormat(LogFormat.NSG_V2).setSrcPort(1).setDstPort(2).setProtocol(6)
                .setDirection(Direction.INBOUND).setDecision(Decision.ALLOW).build();
        assertThat(strategy.createTimestampAssigner(() -> new UnregisteredMetricsGroup()).extractTimestamp(r, 5L))
                .isEqualTo(1_700_000_000_000L);
        // the idleness wrapper needs a runtime clock: check the bounded out-of-orderness on its own
        Duration defaultLateness = new Configuration().get(FlowLogOptions.WATERMARK_OUT_OF_ORDERNESS);
        WatermarkGenerator<FlowRecord> generator =
                FlowLogWatermarks.strategy(defaultLateness, Duration.ZERO).createWatermarkGenerator(null);
        List<Long> marks = new ArrayList<>();
        generator.onEvent(r, r.getEventTime(), output(marks));
        generator.onPeriodicEmit(output(marks));
        assertThat(marks).last().isEqualTo(1_700_000_000_000L - Duration.ofMinutes(5).toMillis() - 1);
    }

    private static WatermarkOutput output(List<Long> marks) {
        return new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                marks.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
    }

    private static <T> Collector<T> collector(List<T> out) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
