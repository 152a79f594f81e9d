package io.nsgflow.bench;

import io.nsgflow.alert.Alert;
import io.nsgflow.lateral.AdminHop;
import io.nsgflow.lateral.Connection;
import io.nsgflow.lateral.LateralSettings;
import io.nsgflow.lateral.SourceDetectors;
import io.nsgflow.lateral.SourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Keyed state of the per-source lateral detectors per active host, as a checkpoint holds it (the
 * Flink POJO serializer's bytes of each {@link SourceState}), after an hour of east-west traffic:
 * each host talks to {@code PEERS} peers on 3 service ports at {@code PER_MINUTE} connection
 * starts a minute (defaults: thresholds and caps of the options, warm-up over).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.nsgflow.bench.LateralStateSize [HOSTS] [PER_MINUTE] [PEERS]}
 */
public final class LateralStateSize {

    private LateralStateSize() {}

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perMinute = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int peers = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        LateralSettings settings = LateralSettings.defaults();
        SourceDetectors detectors = new SourceDetectors(settings);
        TypeSerializer<SourceState> serializer = TypeInformation.of(SourceState.class).createSerializer(new SerializerConfigImpl());
        int[] ports = {8080, 1433, 443};
        long start = 1_795_132_800_000L;
        Random r = new Random(1);
        long total = 0;
        long max = 0;
        long connections = 0;
        SourceDetectors.Output discard = new SourceDetectors.Output() {
            @Override
            public void alert(Alert alert) {}

            @Override
            public void hop(AdminHop hop) {}
        };
        for (int h = 0; h < hosts; h++) {
            String src = "10." + (h / 250) + "." + (h % 250) + ".4";
            SourceState st = new SourceState();
            for (int minute = 0; minute < 60; minute++) {
                List<Connection> batch = new ArrayList<>();
                for (int i = 0; i < perMinute; i++) {
                    Connection c = new Connection();
                    c.time = start + minute * 60_000L + r.nextInt(60_000);
                    c.src = src;
                    c.dst = "10.200." + r.nextInt(peers) + ".4";
                    c.srcPort = 49152 + r.nextInt(16384);
                    c.dstPort = ports[r.nextInt(ports.length)];
                    c.protocol = "TCP";
                    c.allowed = r.nextInt(20) != 0;
                    c.crossesSubnet = true;
                    c.nsg = "nsg-app";
                    c.rule = "securityRules/AllowAppFromWeb";
                    batch.add(c);
                }
                batch.forEach(c -> detectors.offer(st, c, null, discard));
                detectors.advance(st, start + (minute + 1) * 60_000L, null, discard);
                connections += batch.size();
            }
            DataOutputSerializer out = new DataOutputSerializer(4096);
            serializer.serialize(st, out);
            total += out.length();
            max = Math.max(max, out.length());
        }
        System.out.printf("%d hosts, %d connection starts each (%d a minute to %d peers on 3 ports, 1 hour):"
                + " state %,d bytes per host on average, %,d at most%n", hosts, connections / hosts, perMinute, peers,
                total / hosts, max);
    }
}
