package io.nsgflow.ingest.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowLogBlocksTest {

    private static final String OPEN = "{\"records\":[";
    private static final String CLOSE = "]}";
    private static final String R1 = "{\"time\":\"2026-12-03T10:00:00Z\",\"properties\":{\"flows\":[{\"rule\":\"a\",\"flows\":[{\"flowTuples\":[\"1\"]}]}]}}";
    private static final String R2 = "{\"time\":\"2026-12-03T10:01:00Z\",\"properties\":{\"flows\":[]}}";
    private static final String R3 = "{\"time\":\"2026-12-03T10:02:00Z\",\"x\":[{\"y\":1}]}";

    /** A blob as Network Watcher commits it: the blocks' ids and sizes, and the blob's bytes. */
    private record Blob(List<BlobBlock> blocks, byte[] bytes) {
        static Blob of(String... contents) {
            List<BlobBlock> blocks = new ArrayList<>();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String c : contents) {
                byte[] b = c.getBytes(StandardCharsets.UTF_8);
                blocks.add(new BlobBlock("id-" + c.hashCode(), b.length));
                out.writeBytes(b);
            }
            return new Blob(blocks, out.toByteArray());
        }

        /** The bytes of the blocks from {@code first} on: what a ranged download returns. */
        byte[] from(int first) {
            long skip = blocks.subList(0, first).stream().mapToLong(BlobBlock::size).sum();
            return java.util.Arrays.copyOfRange(bytes, (int) skip, bytes.length);
        }
    }

    private static List<String> texts(List<byte[]> records) {
        return records.stream().map(r -> new String(r, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void readsOnlyTheRecordBlocksThatAreNewAndLeavesTheClosingFramingLast() {
        Blob minute1 = Blob.of(OPEN, R1, CLOSE);
        List<BlobBlock> fetch = FlowLogBlocks.newBlocks(minute1.blocks(), BlobPosition.START);
        assertThat(fetch).hasSize(3);
        FlowLogBlocks.Read first = FlowLogBlocks.read(fetch, minute1.from(0), BlobPosition.START);
        assertThat(texts(first.records())).containsExactly(R1);
        assertThat(first.position()).isEqualTo(new BlobPosition(2, OPEN.length() + R1.length(),
                minute1.blocks().get(1).id(), 1));

        // a minute later: a new record block before the re-committed closing block
        Blob minute2 = Blob.of(OPEN, R1, "," + R2, CLOSE);
        List<BlobBlock> next = FlowLogBlocks.newBlocks(minute2.blocks(), first.position());
        assertThat(next).extracting(BlobBlock::size).containsExactly((long) R2.length() + 1, (long) CLOSE.length());
        FlowLogBlocks.Read second = FlowLogBlocks.read(next, minute2.from(2), first.position());
        assertThat(texts(second.records())).containsExactly(R2);
        assertThat(second.position().blocks()).isEqualTo(3);
        assertThat(second.position().records()).isEqualTo(2);

        // nothing new: only the closing block again
        FlowLogBlocks.Read third = FlowLogBlocks.read(FlowLogBlocks.newBlocks(minute2.blocks(), second.position()),
                minute2.from(3), second.position());
        assertThat(third.records()).isEmpty();
        assertThat(third.position()).isEqualTo(second.position());
    }

    @Test
    void aBlobWithoutItsClosingBlockYetIsReadToTheEnd() {
        Blob blob = Blob.of(OPEN, R1, "," + R2);
        FlowLogBlocks.Read read = FlowLogBlocks.read(blob.blocks(), blob.bytes(), BlobPosition.START);
        assertThat(texts(read.records())).containsExactly(R1, R2);
        assertThat(read.position().blocks()).isEqualTo(3);
        assertThat(read.position().bytes()).isEqualTo(blob.bytes().length);
    }

    @Test
    void aWholeDocumentInOneBlockGivesEachRecord() {
        Blob blob = Blob.of(OPEN + R1 + "," + R3 + CLOSE);
        FlowLogBlocks.Read read = FlowLogBlocks.read(blob.blocks(), blob.bytes(), BlobPosition.START);
        assertThat(texts(read.records())).containsExactly(R1, R3);
        assertThat(read.position().blocks()).isEqualTo(1);
    }

    @Test
    void aRecordEndingInBracketsIsNotTakenForTheClosingFraming() {
        Blob blob = Blob.of(OPEN, R3);
        FlowLogBlocks.Read read = FlowLogBlocks.read(blob.blocks(), blob.bytes(), BlobPosition.START);
        assertThat(texts(read.records())).containsExactly(R3);
        assertThat(read.position().blocks()).isEqualTo(2);
    }

    @Test
    void anEmptyBlobHasNoRecordAndKeepsItsClosingBlockUnread() {
        Blob blob = Blob.of(OPEN, CLOSE);
        FlowLogBlocks.Read read = FlowLogBlocks.read(blob.blocks(), blob.bytes(), BlobPosition.START);
        assertThat(read.records()).isEmpty();
        assertThat(read.position().blocks()).isEqualTo(1);
    }

    @Test
    void aBlockThatIsNotRecordsIsPassedOnWholeForTheDecoderToDeadLetter() {
        Blob blob = Blob.of(OPEN, R1, ",{\"time\": trunc", CLOSE);
        FlowLogBlocks.Read read = FlowLogBlocks.read(blob.blocks(), blob.bytes(), BlobPosition.START);
        assertThat(texts(read.records())).containsExactly(R1, "{\"time\": trunc");
        assertThat(read.position().blocks()).isEqualTo(3);
    }

    @Test
    void aRewrittenBlobIsRecognised() {
        Blob before = Blob.of(OPEN, R1, CLOSE);
        BlobPosition position = FlowLogBlocks.read(before.blocks(), before.bytes(), BlobPosition.START).position();
        assertThat(FlowLogBlocks.newBlocks(Blob.of(OPEN, R2, CLOSE).blocks(), position)).isNull();
        assertThat(FlowLogBlocks.newBlocks(Blob.of(OPEN).blocks(), position)).isNull();
        assertThat(FlowLogBlocks.newBlocks(before.blocks(), position)).hasSize(1);
    }

    @Test
    void positionsSurviveTheirJson() throws Exception {
        BlobPosition p = new BlobPosition(7, 12345, "QUJD", 6);
        assertThat(BlobPosition.fromJson(p.toJson())).isEqualTo(p);
        assertThat(BlobPosition.fromJson(BlobPosition.START.toJson())).isEqualTo(BlobPosition.START);
    }

    @Test
    void aWholeDocumentSplitsIntoItsRecordsAndAnythingElseStaysWhole() {
        byte[] doc = (OPEN + R1 + "\r\n," + R2 + "\r\n," + R3 + CLOSE).getBytes(StandardCharsets.UTF_8);
        assertThat(texts(FlowLogBlocks.records(doc))).containsExactly(R1, R2, R3);
        assertThat(texts(FlowLogBlocks.records(R2.getBytes(StandardCharsets.UTF_8)))).containsExactly(R2);
        assertThat(FlowLogBlocks.records((OPEN + CLOSE).getBytes(StandardCharsets.UTF_8))).isEmpty();
        byte[] lines = (R1 + "\n" + R2 + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(FlowLogBlocks.records(lines)).singleElement().isSameAs(lines);
        byte[] truncated = (OPEN + R1 + ",{\"time\":").getBytes(StandardCharsets.UTF_8);
        assertThat(FlowLogBlocks.records(truncated)).singleElement().isSameAs(truncated);
    }
}
