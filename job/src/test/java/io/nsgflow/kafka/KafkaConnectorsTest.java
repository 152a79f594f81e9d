package io.nsgflow.kafka;

import io.nsgflow.ingest.RawPayloadKafkaDeserializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nsgflow.ingest.RawPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaConnectorsTest {

    @Test
    void theDeserializerKeepsBytesAndOrigin() throws Exception {
        byte[] value = {'{', '}'};
        List<RawPayload> out = new ArrayList<>();
        new RawPayloadKafkaDeserializer().deserialize(new ConsumerRecord<>("flow-logs", 7, 1234L, null, value),
                new Collector<>() {
                    @Override
                    public void collect(RawPayload record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        assertThat(out).containsExactly(RawPayload.fromKafka(value, "flow-logs", 7, 1234L));
    }

    @Test
    void theSourceProducesRawPayloadPojos() {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:9092");
        KafkaSource<RawPayload> source = KafkaConnectors.rawPayloads(conf, "t");
        assertThat(source.getProducedType()).isEqualTo(TypeInformation.of(RawPayload.class));
        // a POJO type: Flink serializes it field by field, never with Kryo
        assertThat(TypeInformation.of(RawPayload.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void badConfigurationFailsNamingTheOption() {
        assertThatThrownBy(() -> KafkaConnectors.rawPayloads(new Configuration(), "t"))
                .hasMessageContaining("kafka.bootstrap-servers");
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:9092");
        conf.set(KafkaOptions.STARTING_OFFSETS, "yesterday");
        assertThatThrownBy(() -> KafkaConnectors.rawPayloads(conf, "t")).hasMessageContaining("kafka.starting-offsets");
        Configuration blank = new Configuration();
        blank.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:9092");
        blank.set(KafkaOptions.DEADLETTER_TOPIC, " ");
        assertThatThrownBy(() -> KafkaConnectors.deadLetters(blank)).hasMessageContaining("deadletter.topic");
    }

    @Test
    void clientPropertiesTakeTheJaasConfigurationFromTheEnvironment() {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.PROPERTIES, Map.of("security.protocol", "SASL_SSL"));
        Properties p = KafkaOptions.clientProperties(conf, Map.of(KafkaOptions.JAAS_CONFIG_ENV, "secret-jaas"));
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", "secret-jaas");
        assertThat(KafkaOptions.clientProperties(conf, Map.of())).doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void theSourceReadsCommittedRecordsUnlessToldOtherwise() {
        Configuration conf = new Configuration();
        assertThat(KafkaConnectors.sourceProperties(conf, Map.of())).containsEntry("isolation.level", "read_committed");
        conf.set(KafkaOptions.PROPERTIES, Map.of("isolation.level", "read_uncommitted"));
        assertThat(KafkaConnectors.sourceProperties(conf, Map.of())).containsEntry("isolation.level", "read_uncommitted");
    }
}
