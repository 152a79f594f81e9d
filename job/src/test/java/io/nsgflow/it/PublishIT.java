package io.nsgflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.localstack.KafkaBroker;
import io.nsgflow.localstack.junit.KafkaExtension;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdateKind;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar nsgflow.jar publish} against the real broker: flow-log blobs laid out as they are
 * downloaded from a storage account (NSG and VNet flow logs, several NICs, two hours each), policy
 * files (a snapshot and an {@code az network nsg list} array, effectiveFrom given by option). Every
 * record arrives once, as its own message, byte-equal JSON to the record written; each NIC's records
 * on one partition, under the NIC's MAC, in time order; the policy messages are what the job's
 * decoder accepts.
 */
@ExtendWith(KafkaExtension.class)
class PublishIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
    private static final String SUB = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG-PUB/PROVIDERS/"
            + "MICROSOFT.NETWORK/";

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static String mac(int nic) {
        return String.format(Locale.ROOT, "000D3AF878%02d", nic);
    }

    private static String armMac(int nic) {
        return String.format(Locale.ROOT, "00-0D-3A-F8-78-%02d", nic);
    }

    private static String hourPath(Instant hour, int nic) {
        ZonedDateTime t = hour.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "y=%d/m=%02d/d=%02d/h=%02d/m=00/macAddress=%s/PT1H.json", t.getYear(),
                t.getMonthValue(), t.getDayOfMonth(), t.getHour(), mac(nic));
    }

    /**
     * An NSG flow log v2 record of {@code nic} for {@code minute}. NIC 3 writes its records without the
     * record-level macAddress (older NSG flow logs): its key comes from the flow group's mac.
     */
    private static String nsgRecord(int nic, Instant minute) {
        String recordMac = nic == 3 ? "" : "\"macAddress\":\"" + mac(nic) + "\",";
        return String.format(Locale.ROOT, "{\"time\":\"%s\",\"systemId\":\"00000000-0000-0000-0000-0000000000%02d\",%s"
                + "\"category\":\"NetworkSecurityGroupFlowEvent\",\"resourceId\":\"%sNETWORKSECURITYGROUPS/NSG-%02d\","
                + "\"operationName\":\"NetworkSecurityGroupFlowEvents\",\"properties\":{\"Version\":2,\"flows\":[{\"rule\":"
                + "\"UserRule_AllowHttps\",\"flows\":[{\"mac\":\"%s\",\"flowTuples\":[\"%d,203.0.113.%d,10.0.0.%d,%d,443,T,I,A,B,,,,\"]}]}]}}",
                minute, nic, recordMac, SUB, nic, mac(nic), minute.getEpochSecond(), nic, nic, 40000 + minute.getEpochSecond() % 20000);
    }

    /** A VNet flow log v4 record of {@code nic} for {@code minute}. */
    private static String vnetRecord(int nic, Instant minute) {
        return String.format(Locale.ROOT, "{\"time\":\"%s\",\"flowLogVersion\":4,\"flowLogGUID\":\"66aa66aa-0000-0000-0000-0000000000%02d\","
                + "\"macAddress\":\"%s\",\"category\":\"FlowLogFlowEvent\",\"flowLogResourceID\":\"%sNETWORKWATCHERS/NW/FLOWLOGS/FL\","
                + "\"targetResourceID\":\"/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet\","
                + "\"operationName\":\"FlowLogFlowEvent\",\"flowRecords\":{\"flows\":[{\"aclID\":\"00000000-0000-0000-0000-0000000000%02d\","
                + "\"flowGroups\":[{\"rule\":\"DefaultRule_AllowInternetOutBound\",\"flowTuples\":[\"%d,10.0.0.%d,198.51.100.7,%d,443,6,O,B,NX,0,0,0,0\"]}]}]}}",
                minute, nic, mac(nic), SUB, nic, minute.toEpochMilli(), nic, 40000 + minute.getEpochSecond() % 20000);
    }

    /** A blob as Network Watcher writes it: the records list, one record per line after the first. */
    private static void writeBlob(Path file, List<String> records) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"records\":[" + String.join("\r\n,", records) + "]}");
    }

    @Test
    void everyRecordArrivesOnceAndEachNicsRecordsInOrderOnOnePartition(KafkaBroker kafka) throws Exception {
        String run = "publish-it-" + System.nanoTime();
        String flowTopic = run + "-flowlogs";
        String policyTopic = run + "-policy";
        kafka.createTopic(flowTopic, 3);
        kafka.createTopic(policyTopic, 1);

        // what the topic must hold, per NIC, in order: NICs 1-4 log NSG flow logs, NIC 2 also VNet flow
        // logs (the same MAC: one key); two hours of 6 records each. The expected sequence is built
        // here from the same loops that write the files.
        Path download = tmp.resolve("insights-logs");
        Map<String, List<String>> expectedByKey = new TreeMap<>();
        for (int nic = 1; nic <= 4; nic++) {
            for (int h = 0; h < 2; h++) {
                Instant hour = HOUR.plusSeconds(3600L * h);
                List<String> nsg = new ArrayList<>();
                List<String> vnet = new ArrayList<>();
                for (int m = 0; m < 6; m++) {
                    nsg.add(nsgRecord(nic, hour.plusSeconds(60L * m)));
                    vnet.add(vnetRecord(nic, hour.plusSeconds(60L * m + 30)));
                }
                writeBlob(download.resolve("insights-logs-networksecuritygroupflowevent/resourceId=" + SUB
                        + "NETWORKSECURITYGROUPS/NSG-0" + nic + "/" + hourPath(hour, nic)), nsg);
                expectedByKey.computeIfAbsent(armMac(nic), k -> new ArrayList<>()).addAll(nsg);
                if (nic == 2) {
                    writeBlob(download.resolve("insights-logs-flowlogflowevent/flowLogResourceID=/00000000_RG-PUB/NW_FL/"
                            + hourPath(hour, nic)), vnet);
                }
            }
        }
        // folders are published in path order: the flow-log (VNet) container sorts before the NSG one
        List<String> vnet2 = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            for (int m = 0; m < 6; m++) {
                vnet2.add(vnetRecord(2, HOUR.plusSeconds(3600L * h + 60L * m + 30)));
            }
        }
        expectedByKey.get(armMac(2)).addAll(0, vnet2);
        // skipped as replay skips them; a file that is not a records list goes as it is
        Files.writeString(download.resolve("_SUCCESS"), "");
        Files.writeString(download.resolve(".listing"), "{\"records\":[]}");
        Path notRecords = tmp.resolve("notes.json");
        Files.writeString(notRecords, "this is not a flow log");
        int records = expectedByKey.values().stream().mapToInt(List::size).sum();
        assertThat(records).isEqualTo(4 * 2 * 6 + 2 * 6);

        Path snapshot = tmp.resolve("policy.json");
        Files.writeString(snapshot, ((ObjectNode) JSON.readTree(resource("drift/policy-v1.json"))).without("effectiveFrom").toString());
        Path nsgList = tmp.resolve("nsgs.json");
        JsonNode v1 = JSON.readTree(resource("drift/policy-v1.json"));
        Files.writeString(nsgList, JSON.createArrayNode().addAll(List.of(v1.get("networkSecurityGroups").get(0),
                v1.get("networkSecurityGroups").get(1))).toString());

        Run r = publish("--kafka.bootstrap-servers", kafka.bootstrapServers(), "--flowlog.topic", flowTopic,
                "--policy.topic", policyTopic, "--flows", download.toString(), "--flows", notRecords.toString(),
                "--policy", snapshot.toString(), "--policy", nsgList.toString(),
                "--policy.effective-from", "2026-11-20T09:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        System.out.println(r.out()); // the summary, in the failsafe report
        assertThat(r.out()).contains(records + 1 + " record(s) from 11 file(s) to " + flowTopic)
                .contains("4 NIC key(s)").contains("1 record(s) without a MAC keyed by their file").contains("3 message(s) to " + policyTopic + ": 1 snapshot(s), 2 resource(s)")
                .contains("1 file(s) were not a records list");

        List<ConsumerRecord<String, String>> got = readAll(kafka, flowTopic, records + 1);
        assertThat(got).hasSize(records + 1);
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        Map<String, Integer> partitionOfKey = new LinkedHashMap<>();
        got.stream().sorted(java.util.Comparator.comparingInt(ConsumerRecord<String, String>::partition)
                        .thenComparingLong(ConsumerRecord::offset))
                .forEach(c -> {
                    byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c.value());
                    Integer before = partitionOfKey.putIfAbsent(c.key(), c.partition());
                    assertThat(before == null || before == c.partition()).as("key %s on one partition", c.key()).isTrue();
                });
        assertThat(byKey.get(notRecords.toString())).containsExactly("this is not a flow log");
        byKey.remove(notRecords.toString());
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expectedByKey.keySet());
        for (Map.Entry<String, List<String>> e : expectedByKey.entrySet()) {
            List<JsonNode> expected = new ArrayList<>();
            for (String s : e.getValue()) {
                expected.add(JSON.readTree(s));
            }
            List<JsonNode> actual = new ArrayList<>();
            for (String s : byKey.get(e.getKey())) {
                actual.add(JSON.readTree(s));
            }
            assertThat(actual).as("records of %s, in order", e.getKey()).containsExactlyElementsOf(expected);
        }

        List<ConsumerRecord<String, String>> policy = readAll(kafka, policyTopic, 3);
        assertThat(policy).hasSize(3);
        PolicyUpdate snap = PolicyUpdates.read(policy.get(0).value());
        assertThat(snap.getKind()).isEqualTo(PolicyUpdateKind.SNAPSHOT);
        assertThat(snap.getEffectiveFrom()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z").toEpochMilli());
        assertThat(policy.get(0).key()).isEqualTo(PolicyUpdates.key(snap));
        for (int i = 1; i <= 2; i++) {
            PolicyUpdate nsg = PolicyUpdates.read(policy.get(i).value());
            assertThat(nsg.getKind()).isEqualTo(PolicyUpdateKind.RESOURCE);
            assertThat(nsg.getResourceKey()).containsIgnoringCase(v1.at("/networkSecurityGroups/" + (i - 1) + "/name").asText());
        }
    }

    @Test
    void aBadPolicyFileOrAMissingTopicStopsItBeforeAnythingIsSent(KafkaBroker kafka) throws Exception {
        String run = "publish-bad-it-" + System.nanoTime();
        kafka.createTopic(run + "-flowlogs", 1);
        kafka.createTopic(run + "-policy", 1);
        Path flows = tmp.resolve("PT1H.json");
        writeBlob(flows, List.of(nsgRecord(1, HOUR)));
        Path typo = tmp.resolve("typo.json");
        Files.writeString(typo, "{\"effectiveFrom\":\"2026-11-20T09:00:00Z\",\"networkInterface\":[]}");
        Path noTime = tmp.resolve("no-time.json");
        Files.writeString(noTime, ((ObjectNode) JSON.readTree(resource("drift/policy-v1.json"))).without("effectiveFrom").toString());

        Run bad = publish("--kafka.bootstrap-servers", kafka.bootstrapServers(), "--flowlog.topic", run + "-flowlogs",
                "--policy.topic", run + "-policy", "--flows", flows.toString(), "--policy", typo.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("typo.json").contains("networkInterface").contains("did you mean 'networkInterfaces'");

        Run untimed = publish("--kafka.bootstrap-servers", kafka.bootstrapServers(), "--flowlog.topic", run + "-flowlogs",
                "--policy.topic", run + "-policy", "--flows", flows.toString(), "--policy", noTime.toString());
        assertThat(untimed.exit()).isEqualTo(2);
        assertThat(untimed.err()).contains("no-time.json").contains("effectiveFrom").contains("--policy.effective-from");

        Run missing = publish("--kafka.bootstrap-servers", kafka.bootstrapServers(), "--flowlog.topic", run + "-nosuch",
                "--flows", flows.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains(run + "-nosuch").contains("--flowlog.topic").contains("does not exist");

        try (var admin = kafka.admin()) {
            var offsets = admin.listOffsets(Map.of(new TopicPartition(run + "-flowlogs", 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest(), new TopicPartition(run + "-policy", 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS);
            offsets.values().forEach(o -> assertThat(o.offset()).isZero());
        }
    }

    private static String resource(String resource) throws Exception {
        return Files.readString(Path.of("src/test/resources", resource));
    }

    /** The shaded jar, as a user runs it. */
    private Run publish(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("nsgflow.jar", "target/nsgflow.jar"));
        assertThat(jar).as("the shaded jar (mvn package runs before the ITs)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "publish"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "publish", ".out");
        Path err = Files.createTempFile(tmp, "publish", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("publish finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<ConsumerRecord<String, String>> readAll(KafkaBroker kafka, String topic, int expected) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            // read until the expected count, then a little longer: more than expected would be a duplicate
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
                if (out.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
            }
        }
        return out;
    }
}
