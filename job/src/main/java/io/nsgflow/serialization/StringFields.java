package io.nsgflow.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The string fields of one hand-written serializer instance: each written as a varint length and
 * its UTF-8 bytes, always in full. The strings of flow data repeat from record to record (resource
 * ids, MACs, rule names, subnet ids, addresses of busy hosts), so:
 * <ul>
 *   <li>writing remembers, per field, the last string (by identity) and its bytes;
 *   <li>reading keeps, per field, a small table of recently read values and their bytes, and when
 *       the bytes read equal a remembered value's, returns that String instance: no decoding, and
 *       its hash code is already computed when the record is keyed or looked up.
 * </ul>
 * Neither changes the bytes written or the values read. Not thread-safe: a serializer holding one
 * must be stateful ({@code duplicate()} returns a new instance).
 */
public final class StringFields {

    /** Remembered values per field when reading; a power of two. */
    private static final int READ_SLOTS = 64;
    /** Longer strings are decoded every time (no memory is held for them). */
    private static final int MAX_REMEMBERED_BYTES = 1024;

    private final String[] lastWritten;
    private final byte[][] lastWrittenBytes;
    private final String[][] readStrings;
    private final byte[][][] readBytes;
    private byte[] scratch = new byte[256];

    // allocated up front: no first-use branches on the per-record path
    public StringFields(int fields) {
        lastWritten = new String[fields];
        lastWrittenBytes = new byte[fields][];
        readStrings = new String[fields][READ_SLOTS];
        readBytes = new byte[fields][READ_SLOTS][];
    }

    /** Writes a non-null string of field {@code slot}. */
    public void write(int slot, String s, DataOutputView out) throws IOException {
        byte[] bytes;
        if (s == lastWritten[slot]) {
            bytes = lastWrittenBytes[slot];
        } else {
            bytes = s.getBytes(StandardCharsets.UTF_8);
            lastWritten[slot] = s;
            lastWrittenBytes[slot] = bytes;
        }
        writeLength(bytes.length, out);
        out.write(bytes);
    }

    /** Reads a string of field {@code slot} written by {@link #write}. */
    public String read(int slot, DataInputView in) throws IOException {
        int length = readLength(in);
        if (length == 0) {
            return "";
        }
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        byte[] b = scratch;
        in.readFully(b, 0, length);
        if (length > MAX_REMEMBERED_BYTES) {
            return new String(b, 0, length, StandardCharsets.UTF_8);
        }
        // the distinguishing part of ids, MACs and addresses is their end
        int h = length * 31 + b[length - 1] * 7 + (length > 1 ? b[length - 2] * 13 : 0)
                + (length > 3 ? b[length - 4] * 17 : 0);
        int i = (h ^ h >>> 6) & (READ_SLOTS - 1);
        byte[] known = readBytes[slot][i];
        if (known != null && known.length == length && Arrays.equals(known, 0, length, b, 0, length)) {
            return readStrings[slot][i];
        }
        String s = new String(b, 0, length, StandardCharsets.UTF_8);
        readBytes[slot][i] = Arrays.copyOf(b, length);
        readStrings[slot][i] = s;
        return s;
    }

    /** Copies one string written by {@link #write} without decoding it. */
    public static void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = readLength(source);
        writeLength(length, target);
        target.write(source, length);
    }

    /** Unsigned varint, 7 bits per byte. */
    public static void writeLength(int length, DataOutputView out) throws IOException {
        int v = length;
        while ((v & ~0x7F) != 0) {
            out.writeByte(v & 0x7F | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    public static int readLength(DataInputView in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    break;
                }
                return v;
            }
        }
        throw new IOException("corrupt record: bad string length");
    }
}
