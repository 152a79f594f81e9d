package io.nsgflow.sink.elasticsearch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/**
 * Checkpoint format of the buffered documents (version 2): index, id (nullable), JSON as
 * length-prefixed UTF-8 (JSON may exceed writeUTF's 64 KB), attempts, the document's version.
 * Version 1 (without the document's version) is still read: its documents are unversioned. Our
 * own format, not Kryo, so state stays readable across upgrades.
 */
public final class BulkItemStateSerializer extends AsyncSinkWriterStateSerializer<BulkItem> {

    private static final int VERSION = 2;

    /** The format of the state being read: the base class does not pass it on per entry. */
    private int reading = VERSION;

    @Override
    public org.apache.flink.connector.base.sink.writer.BufferedRequestState<BulkItem> deserialize(int version,
            byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("Elasticsearch sink state of unknown format version " + version);
        }
        reading = version;
        try {
            return super.deserialize(version, serialized);
        } finally {
            reading = VERSION;
        }
    }

    @Override
    protected void serializeRequestToStream(BulkItem item, DataOutputStream out) throws IOException {
        writeString(out, item.index());
        out.writeBoolean(item.id() != null);
        if (item.id() != null) {
            writeString(out, item.id());
        }
        writeString(out, item.json());
        out.writeInt(item.attempts());
        out.writeLong(item.version());
    }

    @Override
    protected BulkItem deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
        String index = readString(in);
        String id = in.readBoolean() ? readString(in) : null;
        String json = readString(in);
        int attempts = in.readInt();
        long version = reading >= 2 ? in.readLong() : ElasticsearchDocument.UNVERSIONED;
        return new BulkItem(index, id, json, attempts, version);
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("corrupt Elasticsearch sink state: negative string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
