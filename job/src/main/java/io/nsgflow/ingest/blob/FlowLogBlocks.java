package io.nsgflow.ingest.blob;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What is new in a flow-log blob, block by block. Network Watcher writes a {@code PT1H.json} as a
 * block blob: a first block {@code {"records":[}, one block per record (every record after the
 * first starting with a comma), and a last block {@code ]}} that it commits again after each new
 * record block. So the new records of a blob are the blocks after the published position and
 * before a trailing framing block; the framing block itself is never published (it stays last).
 *
 * <p>Plain Java: no Azure or Kafka types, so it is tested on hand-made blocks.
 */
public final class FlowLogBlocks {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] RECORDS_KEY = "\"records\"".getBytes(StandardCharsets.US_ASCII);

    private FlowLogBlocks() {}

    /** The blocks to fetch after {@code position}: empty when nothing new; null when the blob was rewritten. */
    public static List<BlobBlock> newBlocks(List<BlobBlock> committed, BlobPosition position) {
        if (position.blocks() > committed.size()) {
            return null;
        }
        long bytes = 0;
        for (int i = 0; i < position.blocks(); i++) {
            bytes += committed.get(i).size();
        }
        if (bytes != position.bytes()
                || position.blocks() > 0 && !committed.get(position.blocks() - 1).id().equals(position.lastBlockId())) {
            return null;
        }
        return committed.subList(position.blocks(), committed.size());
    }

    /** Records read from new blocks and the position after them. */
    public record Read(List<byte[]> records, BlobPosition position) {}

    /**
     * Reads {@code blocks} (as {@link #newBlocks} chose them), whose bytes are {@code data}, one
     * after the other. A last block that holds only the closing {@code ]}} is left unread. A block
     * that is not JSON records is published whole, as it is: the job's decoder dead-letters it with
     * its raw payload (bad input never stops the reader).
     */
    public static Read read(List<BlobBlock> blocks, byte[] data, BlobPosition position) {
        List<byte[]> records = new ArrayList<>();
        int consumed = 0;
        long offset = 0;
        String lastId = position.lastBlockId();
        for (int i = 0; i < blocks.size(); i++) {
            BlobBlock block = blocks.get(i);
            byte[] content = Arrays.copyOfRange(data, (int) offset, (int) (offset + block.size()));
            Block parsed = parse(content, position.blocks() + i == 0);
            if (parsed.closing() && parsed.records().isEmpty() && i == blocks.size() - 1) {
                break; // only the closing framing: it stays last, more records come before it
            }
            records.addAll(parsed.records());
            offset += block.size();
            consumed++;
            lastId = block.id();
        }
        return new Read(records, new BlobPosition(position.blocks() + consumed, position.bytes() + offset, lastId,
                position.records() + records.size()));
    }

    /**
     * The records of a whole flow-log document as it is stored ({@code {"records":[...]}}, a
     * {@code PT1H.json}), each as its own bytes; a single record is itself; a document that is not
     * a list of JSON records (JSON lines, a truncated record, anything else) is one payload, as it
     * is (the very array given): the job's decoder reads what it can of it and dead-letters the rest
     * with its raw payload.
     */
    public static List<byte[]> records(byte[] document) {
        Block block = parse(document, true);
        return block.raw() ? List.of(document) : block.records();
    }

    /** The records of one block, and whether the closing framing {@code ]}} ends it. */
    private record Block(List<byte[]> records, boolean closing, boolean raw) {}

    /**
     * The JSON objects of a block, separated by commas, after the opening framing (first block) and
     * a leading comma, up to the end or a closing {@code ]}}; anything else is one raw payload.
     */
    private static Block parse(byte[] b, boolean first) {
        int start = bodyStart(b, first);
        if (skipSpace(b, start, b.length) >= b.length) {
            return new Block(List.of(), false, false);
        }
        byte[] wrapped = new byte[b.length - start + 2];
        wrapped[0] = '[';
        System.arraycopy(b, start, wrapped, 1, b.length - start);
        wrapped[wrapped.length - 1] = ']';
        List<byte[]> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(wrapped)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                int from = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                out.add(Arrays.copyOfRange(wrapped, from, (int) p.currentLocation().getByteOffset()));
            }
            if (t == JsonToken.END_ARRAY) {
                int after = (int) p.currentLocation().getByteOffset();
                if (after == wrapped.length) {
                    return new Block(out, false, false);
                }
                // the array we saw ended at the blob's own ']': what follows must be '}' and our ']'
                int i = skipSpace(wrapped, after, wrapped.length);
                if (i < wrapped.length && wrapped[i] == '}' && skipSpace(wrapped, i + 1, wrapped.length) == wrapped.length - 1) {
                    return new Block(out, true, false);
                }
            }
        } catch (IOException e) {
            // not records: published raw below
        }
        return new Block(List.of(Arrays.copyOfRange(b, start, b.length)), false, true);
    }

    /** Where a block's records start: after the opening framing (first block only) and a leading comma. */
    private static int bodyStart(byte[] b, boolean first) {
        int i = skipSpace(b, 0, b.length);
        if (first && i < b.length && b[i] == '{') {
            int j = skipSpace(b, i + 1, b.length);
            if (startsWith(b, j, RECORDS_KEY)) {
                int k = skipSpace(b, j + RECORDS_KEY.length, b.length);
                if (k < b.length && b[k] == ':') {
                    k = skipSpace(b, k + 1, b.length);
                    if (k < b.length && b[k] == '[') {
                        i = skipSpace(b, k + 1, b.length);
                    }
                }
            }
        }
        if (i < b.length && b[i] == ',') {
            i = skipSpace(b, i + 1, b.length);
        }
        return i;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] b, int from, int to) {
        int i = from;
        while (i < to && isSpace(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
