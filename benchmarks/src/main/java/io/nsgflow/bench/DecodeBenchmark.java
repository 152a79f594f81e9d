package io.nsgflow.bench;

import io.nsgflow.flowlog.DecodeResult;
import io.nsgflow.flowlog.FlowLogDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Flow tuples decoded per second per thread from realistic hour-long blobs: 60 per-minute records
 * of an NSG v2 log and a VNet v4 log, {@value #TUPLES} tuples each, with a mix of states,
 * counters, public and private addresses (some IPv6 in the VNet blob). One operation = one tuple.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {

    static final int RECORDS = 60;
    static final int GROUPS = 4;
    static final int TUPLES_PER_GROUP = 50;
    static final int TUPLES = RECORDS * GROUPS * TUPLES_PER_GROUP;

    private final FlowLogDecoder decoder = new FlowLogDecoder();
    private byte[] nsgV2Blob;
    private byte[] vnetV4Blob;

    @Setup
    public void setup() {
        nsgV2Blob = nsgV2Blob(new Random(1));
        vnetV4Blob = vnetV4Blob(new Random(2));
        // fail fast if a generator bug made the benchmark measure rejections instead of decoding
        check(decoder.decode(nsgV2Blob));
        check(decoder.decode(vnetV4Blob));
    }

    private static void check(DecodeResult r) {
        if (r.flowRecords().size() != TUPLES || !r.rejections().isEmpty()) {
            throw new IllegalStateException("blob decodes to " + r.flowRecords().size() + " tuples and "
                    + r.rejections().size() + " rejections, e.g. " + r.rejections().stream().findFirst());
        }
    }

    @Benchmark
    @OperationsPerInvocation(TUPLES)
    public DecodeResult nsgV2() {
        return decoder.decode(nsgV2Blob);
    }

    @Benchmark
    @OperationsPerInvocation(TUPLES)
    public DecodeResult vnetV4() {
        return decoder.decode(vnetV4Blob);
    }

    static byte[] nsgV2Blob(Random rnd) {
        long hour = 1_700_000_000L - 1_700_000_000L % 3600;
        StringBuilder b = new StringBuilder(TUPLES * 80).append("{\"records\":[");
        for (int rec = 0; rec < RECORDS; rec++) {
            long minute = hour + rec * 60L;
            b.append(rec == 0 ? "" : ",").append("{\"time\":\"").append(Instant.ofEpochSecond(minute + 35))
                    .append("\",\"systemId\":\"a0fca5ce-022c-47b1-9735-89943b42f2fa\",")
                    .append("\"category\":\"NetworkSecurityGroupFlowEvent\",\"resourceId\":\"/SUBSCRIPTIONS/")
                    .append("00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/FABRIKAMRG/PROVIDERS/")
                    .append("MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/FABRIAKMVM1-NSG\",")
                    .append("\"operationName\":\"NetworkSecurityGroupFlowEvents\",\"properties\":{\"Version\":2,")
                    .append("\"flows\":[");
            for (int g = 0; g < GROUPS; g++) {
                b.append(g == 0 ? "" : ",").append("{\"rule\":\"").append(RULES[g])
                        .append("\",\"flows\":[{\"mac\":\"000D3AF87856\",\"flowTuples\":[");
                for (int t = 0; t < TUPLES_PER_GROUP; t++) {
                    boolean inbound = g % 2 == 0;
                    char state = "BCE".charAt(rnd.nextInt(3));
                    b.append(t == 0 ? "" : ",").append('"').append(minute + rnd.nextInt(60)).append(',')
                            .append(inbound ? publicV4(rnd) : "10.5.16.4").append(',')
                            .append(inbound ? "10.5.16.4" : publicV4(rnd)).append(',')
                            .append(1024 + rnd.nextInt(64000)).append(',')
                            .append(PORTS[rnd.nextInt(PORTS.length)]).append(',')
                            .append(rnd.nextInt(5) == 0 ? 'U' : 'T').append(',').append(inbound ? 'I' : 'O')
                            .append(',').append(g == 0 ? 'D' : 'A').append(',').append(state).append(',');
                    if (state == 'B') {
                        b.append(",,,");
                    } else {
                        b.append(rnd.nextInt(100)).append(',').append(rnd.nextInt(100_000)).append(',')
                                .append(rnd.nextInt(100)).append(',').append(rnd.nextInt(100_000));
                    }
                    b.append('"');
                }
                b.append("]}]}");
            }
            b.append("]}}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] vnetV4Blob(Random rnd) {
        long hourMs = (1_700_000_000L - 1_700_000_000L % 3600) * 1000;
        StringBuilder b = new StringBuilder(TUPLES * 90).append("{\"records\":[");
        for (int rec = 0; rec < RECORDS; rec++) {
            long minuteMs = hourMs + rec * 60_000L;
            b.append(rec == 0 ? "" : ",").append("{\"time\":\"").append(Instant.ofEpochMilli(minuteMs + 52_562))
                    .append("\",\"flowLogVersion\":4,\"flowLogGUID\":\"abcdef01-2345-6789-0abc-def012345678\",")
                    .append("\"macAddress\":\"00224871C205\",\"category\":\"FlowLogFlowEvent\",")
                    .append("\"flowLogResourceID\":\"/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/")
                    .append("RESOURCEGROUPS/NETWORKWATCHERRG/PROVIDERS/MICROSOFT.NETWORK/NETWORKWATCHERS/")
                    .append("NETWORKWATCHER_EASTUS2EUAP/FLOWLOGS/VNETFLOWLOG\",\"targetResourceID\":\"/subscriptions/")
                    .append("00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup/providers/")
                    .append("Microsoft.Network/virtualNetworks/myVNet\",\"operationName\":\"FlowLogFlowEvent\",")
                    .append("\"flowRecords\":{\"flows\":[");
            for (int acl = 0; acl < 2; acl++) {
                b.append(acl == 0 ? "" : ",").append("{\"aclID\":\"0000000").append(acl)
                        .append("-1234-abcd-ef00-c1c2c3c4c5c6\",\"flowGroups\":[");
                for (int g = 0; g < GROUPS / 2; g++) {
                    int rule = acl * 2 + g;
                    b.append(g == 0 ? "" : ",").append("{\"rule\":\"").append(RULES[rule]).append("\",\"flowTuples\":[");
                    for (int t = 0; t < TUPLES_PER_GROUP; t++) {
                        boolean inbound = rule % 2 == 0;
                        boolean v6 = rnd.nextInt(10) == 0;
                        String local = v6 ? "2001:db8:0:1::6" : "10.0.0.6";
                        String remote = v6 ? "2603:1030:" + Integer.toHexString(rnd.nextInt(0x10000)) + "::"
                                + Integer.toHexString(1 + rnd.nextInt(0xfff)) : publicV4(rnd);
                        char state = rule == 0 ? 'D' : "BCE".charAt(rnd.nextInt(3));
                        b.append(t == 0 ? "" : ",").append('"').append(minuteMs + rnd.nextInt(60_000)).append(',')
                                .append(inbound ? remote : local).append(',').append(inbound ? local : remote)
                                .append(',').append(1024 + rnd.nextInt(64000)).append(',')
                                .append(PORTS[rnd.nextInt(PORTS.length)]).append(',')
                                .append(rnd.nextInt(5) == 0 ? 17 : 6).append(',').append(inbound ? 'I' : 'O')
                                .append(',').append(state).append(",NX,");
                        if (state == 'B' || state == 'D') {
                            b.append("0,0,0,0");
                        } else {
                            b.append(rnd.nextInt(100)).append(',').append(rnd.nextInt(100_000)).append(',')
                                    .append(rnd.nextInt(100)).append(',').append(rnd.nextInt(100_000));
                        }
                        b.append('"');
                    }
                    b.append("]}");
                }
                b.append("]}");
            }
            b.append("]}}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String[] RULES = {
        "DefaultRule_DenyAllInBound", "DefaultRule_AllowInternetOutBound", "UserRule_AllowHttpsIn",
        "UserRule_AllowSqlOut"
    };
    private static final int[] PORTS = {443, 80, 22, 3389, 1433, 8080, 53, 5432};

    private static String publicV4(Random rnd) {
        return (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    }
}
