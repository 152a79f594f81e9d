package io.nsgflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

class BulkItemStateSerializerTest {

    private final BulkItemStateSerializer serializer = new BulkItemStateSerializer();

    @Test
    void bufferedItemsSurviveARoundTrip() throws Exception {
        String big = "{\"payload\":\"" + "x".repeat(100_000) + "\"}"; // beyond writeUTF's 64 KB
        List<BulkItem> items = List.of(
                new BulkItem("nsgflow-drift-2026.11.20", "a1", "{\"source\":{\"ip\":\"10.0.0.4\"}}", 0),
                new BulkItem("nsgflow-alerts-2026.11.20", null, "{\"message\":\"Grüße, 世界\"}", 3),
                new BulkItem("nsgflow-flows-2026.11.21", "b2", big, 9));
        BufferedRequestState<BulkItem> state = new BufferedRequestState<>(
                items.stream().map(i -> new RequestEntryWrapper<>(i, i.sizeInBytes())).toList());

        BufferedRequestState<BulkItem> restored = serializer.deserialize(serializer.getVersion(),
                serializer.serialize(state));

        assertThat(restored.getBufferedRequestEntries()).extracting(RequestEntryWrapper::getRequestEntry)
                .containsExactlyElementsOf(items);
        assertThat(restored.getBufferedRequestEntries()).extracting(RequestEntryWrapper::getSize)
                .containsExactlyElementsOf(items.stream().map(BulkItem::sizeInBytes).toList());
    }

    @Test
    void emptyStateRoundTrips() throws Exception {
        BufferedRequestState<BulkItem> restored = serializer.deserialize(serializer.getVersion(),
                serializer.serialize(BufferedRequestState.emptyState()));
        assertThat(restored.getBufferedRequestEntries()).isEmpty();
    }
}
