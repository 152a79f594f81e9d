package io.nsgflow.sink.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A bounded sink that writes a typed stream to one file, one line per record, in arrival order.
 * Knows no domain: the caller says how a record becomes its line. One writer per file, so it runs
 * with parallelism 1 ({@link #write} sets that); the file is created (replaced) when the writer
 * starts, so an output without records is an empty file. Any Flink file system path works
 * ({@code file:}, or a scheme a plugin provides); a relative path is the writer's local one.
 *
 * <p>Not for unbounded jobs: it keeps no checkpointed state and commits nothing (a failure re-runs
 * a bounded job's writer from its start, which replaces the file).
 */
public final class JsonLinesFileSink<T> implements Sink<T> {

    /** How a record becomes its line (without the line break). */
    @FunctionalInterface
    public interface Encoder<T> extends Serializable {
        String encode(T record) throws Exception;
    }

    private final String file;
    private final Encoder<T> encoder;

    public JsonLinesFileSink(String file, Encoder<T> encoder) {
        this.file = file;
        this.encoder = encoder;
    }

    /**
     * Writes {@code records} to {@code file} with one writer.
     *
     * @param uid the sink's stable uid; its name says which file it writes
     */
    public static <T> void write(DataStream<T> records, String file, Encoder<T> encoder, String uid) {
        records.sinkTo(new JsonLinesFileSink<>(file, encoder))
                .setParallelism(1)
                .uid(uid)
                .name("write " + new Path(file).getName());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        if (context.getTaskInfo().getNumberOfParallelSubtasks() != 1) {
            throw new IllegalStateException("one writer per file: " + file + " is written with parallelism "
                    + context.getTaskInfo().getNumberOfParallelSubtasks());
        }
        Path path = new Path(file);
        OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE);
        return new Writer<>(new BufferedOutputStream(out, 1 << 16), encoder, file);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final OutputStream out;
        private final Encoder<T> encoder;
        private final String file;

        Writer(OutputStream out, Encoder<T> encoder, String file) {
            this.out = out;
            this.encoder = encoder;
            this.file = file;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            String line;
            try {
                line = encoder.encode(element);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("cannot encode a record for " + file + ": " + e.getMessage(), e);
            }
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
