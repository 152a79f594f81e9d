package io.nsgflow.ingest;


import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps a Kafka record's value as raw bytes with its topic, partition and offset; decoding happens later. */
public class RawPayloadKafkaDeserializer implements KafkaRecordDeserializationSchema<RawPayload> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawPayload> out) {
        // a tombstone (null value) is kept as an empty payload: nothing to decode, nothing lost silently
        byte[] value = record.value() == null ? new byte[0] : record.value();
        out.collect(RawPayload.fromKafka(value, record.topic(), record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<RawPayload> getProducedType() {
        return TypeInformation.of(RawPayload.class);
    }
}
