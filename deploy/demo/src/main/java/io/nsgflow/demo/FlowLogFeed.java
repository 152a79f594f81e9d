package io.nsgflow.demo;

import io.nsgflow.synthetic.FlowLogBlob;
import io.nsgflow.synthetic.FlowLogGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a {@link DemoScenario} as Azure would deliver it: the policy v1 snapshot to Kafka, then
 * the flow-log documents minute by minute at a fixed wall-time pace to a {@link Destination} (the
 * flow-log topic itself, or Azure Storage with the blob reader behind it), with the v2 change
 * published ahead of the first minute it governs.
 */
final class FlowLogFeed implements AutoCloseable {

    /** Minutes of event time the v2 change is published ahead of its effectiveFrom. */
    private static final int CHANGE_LEAD_MINUTES = 2;

    /** Told after every minute sent. */
    interface Progress {
        void minuteSent(int minute, int totalMinutes, Instant minuteStart, long documents, long tuples);

        void changePublished(Instant effectiveFrom);
    }

    /** Where the flow-log documents go. */
    interface Destination extends AutoCloseable {
        void send(FlowLogBlob blob);

        /** Returns when everything sent is on the flow-log topic. */
        void flush();

        @Override
        void close();
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String policyTopic;
    private final Destination flows;
    private long documents;
    private long tuples;

    /** Flow logs straight to {@code flowTopic}, each document one message keyed by its name. */
    FlowLogFeed(String bootstrapServers, String flowTopic, String policyTopic) {
        this(bootstrapServers, policyTopic, null, flowTopic);
    }

    /** Flow logs to {@code flows}. */
    FlowLogFeed(String bootstrapServers, String policyTopic, Destination flows) {
        this(bootstrapServers, policyTopic, flows, null);
    }

    private FlowLogFeed(String bootstrapServers, String policyTopic, Destination flows, String flowTopic) {
        this.producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
        this.policyTopic = policyTopic;
        this.flows = flows != null ? flows : new Destination() {
            @Override
            public void send(FlowLogBlob blob) {
                producer.send(new ProducerRecord<>(flowTopic, blob.name(), blob.bytes()));
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {}
        };
    }

    void publishPolicy(String key, String json) {
        producer.send(new ProducerRecord<>(policyTopic, key, json.getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }

    /** Sends every minute of the run, then the trailing minutes, one minute per {@code pace} of wall time. */
    void publishFlows(DemoScenario s, Duration pace, Progress progress) throws InterruptedException {
        long change = s.scenario().v2From().toEpochMilli();
        boolean changeSent = false;
        int total = s.totalMinutes();
        long began = System.nanoTime();
        int minute = 0;
        for (FlowLogGenerator g : List.of(s.run(), s.trailing())) {
            for (int i = 0; i < g.minutes(); i++, minute++) {
                Instant minuteStart = g.start().plus(Duration.ofMinutes(i));
                if (!changeSent && minuteStart.plus(Duration.ofMinutes(CHANGE_LEAD_MINUTES)).toEpochMilli() >= change) {
                    publishPolicy("policy-v2", s.scenario().changeV2Json());
                    changeSent = true;
                    progress.changePublished(s.scenario().v2From());
                }
                for (FlowLogBlob blob : g.minute(i)) {
                    flows.send(blob);
                    documents++;
                    tuples += blob.tuples();
                }
                flows.flush();
                progress.minuteSent(minute, total, minuteStart, documents, tuples);
                long next = began + (minute + 1) * pace.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    long documents() {
        return documents;
    }

    long tuples() {
        return tuples;
    }

    @Override
    public void close() {
        try {
            flows.close();
        } finally {
            producer.close();
        }
    }
}
