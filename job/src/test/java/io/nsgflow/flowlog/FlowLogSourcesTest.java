package io.nsgflow.flowlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FlowLogSourcesTest {

    @Test
    void badConfigurationFailsNamingTheOption() {
        Configuration negative = new Configuration();
        negative.set(FlowLogOptions.WATERMARK_OUT_OF_ORDERNESS, Duration.ofSeconds(-1));
        assertThatThrownBy(() -> FlowLogStreams.decode(null, negative))
                .hasMessageContaining("flowlog.watermark.out-of-orderness");
        Configuration zeroPayload = new Configuration();
        zeroPayload.set(FlowLogOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES, 0);
        assertThatThrownBy(() -> FlowLogDecodeFunction.from(zeroPayload))
                .hasMessageContaining("flowlog.dead-letter.max-payload-bytes");
        assertThatThrownBy(FlowLogSources::files).hasMessageContaining("no flow-log files");
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
