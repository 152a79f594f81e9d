package io.nsgflow.ingest.blob;

/** Records published and blob bytes read (new blocks, framing included), since start. */
public final class IngestCounts {

    private long records;
    private long bytes;

    void add(long records, long bytes) {
        this.records += records;
        this.bytes += bytes;
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }
}
