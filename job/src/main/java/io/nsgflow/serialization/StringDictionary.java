package io.nsgflow.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The strings of one serialized value, each written once: a later occurrence is written as the
 * index of the first. For values whose strings repeat within themselves (the lateral detectors'
 * state of one source: its address, its NSGs and rules in every connection it keeps).
 *
 * <p>Each string is a varint code: 0 is null, 1 a new string (varint length and UTF-8 bytes
 * follow), {@code n + 2} the n-th new string of the value. {@link #start} before each value, on
 * writing and on reading alike. Not thread-safe: a serializer holding one must be stateful.
 */
public final class StringDictionary {

    private final Map<String, Integer> written = new HashMap<>();
    private final List<String> read = new ArrayList<>();

    /** A new value begins: nothing of the previous one is referred to. */
    public void start() {
        written.clear();
        read.clear();
    }

    public void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            StringFields.writeLength(0, out);
            return;
        }
        Integer index = written.get(s);
        if (index != null) {
            StringFields.writeLength(index + 2, out);
            return;
        }
        written.put(s, written.size());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringFields.writeLength(1, out);
        StringFields.writeLength(bytes.length, out);
        out.write(bytes);
    }

    public String read(DataInputView in) throws IOException {
        int code = StringFields.readLength(in);
        if (code == 0) {
            return null;
        }
        if (code == 1) {
            byte[] bytes = new byte[StringFields.readLength(in)];
            in.readFully(bytes);
            String s = new String(bytes, StandardCharsets.UTF_8);
            read.add(s);
            return s;
        }
        if (code - 2 >= read.size()) {
            throw new IOException("corrupt string reference " + (code - 2) + " of " + read.size() + " strings");
        }
        return read.get(code - 2);
    }
}
