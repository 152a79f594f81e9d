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
                new BulkItem("nsgflow-flows-2026.11.21", "b2", big, 9),
                new BulkItem("nsgflow-alerts-2026.11.21", "c3", "{}", 1, 42L));
        BufferedRequestState<BulkItem> state = new BufferedRequestState<>(
                items.stream().map(i -> new RequestEntryWrapper<>(i, i.sizeInBytes())).toList());

        BufferedRequestState<BulkItem> restored = serializer.deserialize(serializer.getVersion(),
                serializer.serialize(state));

        assertThat(restored.getBufferedRequestEntries()).extracting(RequestEntryWrapper::getRequestEntry)
                .containsExactlyElementsOf(items);
        assertThat(restored.getBufferedRequestEntries()).extracting(RequestEntryWrapper::getSize)
                .containsExactlyElementsOf(items.stream().map(BulkItem::sizeInBytes).toList());
    }

    /** State a job wrote before documents had versions (format 1): read, its documents unversioned. */
    @Test
    void stateOfFormatOneIsReadWithItsDocumentsUnversioned() throws Exception {
        List<BulkItem> items = List.of(new BulkItem("nsgflow-drift-2026.11.20", "a1", "{\"n\":1}", 2),
                new BulkItem("nsgflow-alerts-2026.11.20", null, "{}", 0));
        byte[] formatOne = new FormatOneWriter().serialize(new BufferedRequestState<>(
                items.stream().map(i -> new RequestEntryWrapper<>(i, i.sizeInBytes())).toList()));

        BufferedRequestState<BulkItem> restored = serializer.deserialize(1, formatOne);

        assertThat(restored.getBufferedRequestEntries()).extracting(RequestEntryWrapper::getRequestEntry)
                .containsExactlyElementsOf(items)
                .allSatisfy(i -> assertThat(i.versioned()).isFalse());
        // and the current format again afterwards
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(restored))
                .getBufferedRequestEntries()).hasSize(2);
    }

    @Test
    void anUnknownFormatIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serializer.deserialize(9, new byte[0]))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("format version 9");
    }

    /** The format-1 writer as it was: index, id, JSON, attempts. */
    private static final class FormatOneWriter
            extends org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer<BulkItem> {
        @Override
        protected void serializeRequestToStream(BulkItem item, java.io.DataOutputStream out) throws java.io.IOException {
            write(out, item.index());
            out.writeBoolean(item.id() != null);
            if (item.id() != null) {
                write(out, item.id());
            }
            write(out, item.json());
            out.writeInt(item.attempts());
        }

        private static void write(java.io.DataOutputStream out, String s) throws java.io.IOException {
            byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        protected BulkItem deserializeRequestFromStream(long size, java.io.DataInputStream in) {
            throw new UnsupportedOperationException("writes only");
        }

        @Override
        public int getVersion() {
            return 1;
        }
    }

    @Test
    void emptyStateRoundTrips() throws Exception {
        BufferedRequestState<BulkItem> restored = serializer.deserialize(serializer.getVersion(),
                serializer.serialize(BufferedRequestState.emptyState()));
        assertThat(restored.getBufferedRequestEntries()).isEmpty();
    }
}
