package io.nsgflow.bench;

import io.nsgflow.flowlog.FlowLogDecoder;
import io.nsgflow.flowlog.FlowRecord;
import io.nsgflow.flowlog.FlowRecordSerializer;
import io.nsgflow.net.IpAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Why a FlowRecord carries its addresses' bits (issue 13, "parse once"): a flow's two addresses
 * reach the re-evaluation after the keyBy's serializer; made from the 128 bits the decoder parsed
 * ({@code carriedBits}) against parsing the canonical text again ({@code textParsedEveryTime}),
 * and what carrying costs the serializer (four more longs written and read per record). Before the
 * bits travelled, the evaluator kept a 1,024-slot table of parsed texts; with the many distinct
 * public addresses of real traffic it missed about as often as it hit (BENCHMARKS.md has its figure).
 * One operation = one flow.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class AddressTravelBenchmark {

    private String[] src;
    private String[] dst;
    private long[] bits;
    private int flows;
    private final DataOutputSerializer out = new DataOutputSerializer(1 << 20);

    @Setup
    public void setup() throws IOException {
        FlowLogDecoder decoder = new FlowLogDecoder();
        List<FlowRecord> decoded = new ArrayList<>(decoder.decode(DecodeBenchmark.nsgV2Blob(new Random(1))).flowRecords());
        decoded.addAll(decoder.decode(DecodeBenchmark.vnetV4Blob(new Random(2))).flowRecords());
        // as the re-evaluation receives them: through the keyBy's serializer
        FlowRecordSerializer serializer = new FlowRecordSerializer();
        DataOutputSerializer buffer = new DataOutputSerializer(1 << 22);
        for (FlowRecord r : decoded) {
            serializer.serialize(r, buffer);
        }
        DataInputDeserializer in = new DataInputDeserializer(buffer.getSharedBuffer(), 0, buffer.length());
        flows = decoded.size();
        src = new String[flows];
        dst = new String[flows];
        bits = new long[4 * flows];
        for (int i = 0; i < flows; i++) {
            FlowRecord r = serializer.deserialize(in);
            src[i] = r.getSrcIp();
            dst[i] = r.getDstIp();
            IpAddress s = IpAddress.parse(src[i]);
            IpAddress d = IpAddress.parse(dst[i]);
            bits[4 * i] = s.hi();
            bits[4 * i + 1] = s.lo();
            bits[4 * i + 2] = d.hi();
            bits[4 * i + 3] = d.lo();
        }
        if (flows != 2 * DecodeBenchmark.TUPLES) {
            throw new IllegalStateException("decoded " + flows + " flows");
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * DecodeBenchmark.TUPLES)
    public void textParsedEveryTime(Blackhole bh) {
        for (int i = 0; i < flows; i++) {
            bh.consume(IpAddress.tryParse(src[i]));
            bh.consume(IpAddress.tryParse(dst[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * DecodeBenchmark.TUPLES)
    public void carriedBits(Blackhole bh) {
        for (int i = 0; i < flows; i++) {
            bh.consume(IpAddress.of(bits[4 * i], bits[4 * i + 1]));
            bh.consume(IpAddress.of(bits[4 * i + 2], bits[4 * i + 3]));
        }
    }

    /** The serializer's extra work if the record carried the bits: four longs written and read again. */
    @Benchmark
    @OperationsPerInvocation(2 * DecodeBenchmark.TUPLES)
    public long carryingCostInTheSerializer() throws IOException {
        out.clear();
        for (int i = 0; i < 4 * flows; i++) {
            out.writeLong(bits[i]);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getSharedBuffer(), 0, out.length());
        long sum = 0;
        for (int i = 0; i < 4 * flows; i++) {
            sum += in.readLong();
        }
        return sum;
    }
}
