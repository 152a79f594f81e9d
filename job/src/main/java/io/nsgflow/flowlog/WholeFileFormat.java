package io.nsgflow.flowlog;

import io.nsgflow.ingest.RawPayload;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads each file as one {@link RawPayload}: an Azure flow-log blob is one JSON document (and the
 * decoder also accepts JSON lines inside one payload), so files are never split. After a restore,
 * a file whose payload was already emitted is skipped.
 */
public class WholeFileFormat implements BulkFormat<RawPayload, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    @Override
    public Reader<RawPayload> createReader(Configuration config, FileSourceSplit split) {
        return new WholeFileReader(split, false);
    }

    @Override
    public Reader<RawPayload> restoreReader(Configuration config, FileSourceSplit split) {
        boolean done = split.getReaderPosition().map(p -> p.getRecordsAfterOffset() > 0).orElse(false);
        return new WholeFileReader(split, done);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawPayload> getProducedType() {
        return TypeInformation.of(RawPayload.class);
    }

    private static final class WholeFileReader implements Reader<RawPayload> {
        private final FileSourceSplit split;
        private boolean done;

        WholeFileReader(FileSourceSplit split, boolean done) {
            this.split = split;
            this.done = done;
        }

        @Override
        public RecordIterator<RawPayload> readBatch() throws IOException {
            if (done) {
                return null;
            }
            done = true;
            FileSystem fs = split.path().getFileSystem();
            byte[] bytes;
            try (FSDataInputStream in = fs.open(split.path())) {
                bytes = in.readAllBytes();
            }
            SingletonResultIterator<RawPayload> it = new SingletonResultIterator<>();
            it.set(RawPayload.fromFile(bytes, split.path().toString()), CheckpointedPosition.NO_OFFSET, 1);
            return it;
        }

        @Override
        public void close() {}
    }
}
