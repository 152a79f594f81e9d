package io.nsgflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String V2_TUPLE = "1700000000,10.0.0.1,10.0.0.2,1234,80,T,O,A,B,,,,";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(InputStream in, String... args) throws Exception {
        return Main.run(args, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... args) throws Exception {
        return run(new ByteArrayInputStream(new byte[0]), args);
    }

    private static List<JsonNode> lines(ByteArrayOutputStream stream) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : stream.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                nodes.add(MAPPER.readTree(line));
            }
        }
        return nodes;
    }

    private Path sample(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/flowlog/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @Test
    void decodesBothSamplesToJsonLinesWithTheFlowRecordFieldNames() throws Exception {
        int code = run("decode", sample("nsg-flowlog-v2.json").toString(), sample("vnet-flowlog-v4.json").toString());

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        List<JsonNode> records = lines(out);
        assertThat(records).hasSize(11 + 19);
        JsonNode first = records.get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("eventTime", "logFormat", "srcIp", "dstIp",
                "srcPort", "dstPort", "protocol", "transport", "direction", "decision", "flowState", "packetsSrcToDst",
                "bytesSrcToDst", "packetsDstToSrc", "bytesDstToSrc", "rule", "mac", "nsgResourceId", "aclId",
                "targetResourceId", "flowLogResourceId", "encryption", "recordTime", "flowLogGuid", "systemId",
                "recordMac");
        // "1542110402,94.102.49.190,10.5.16.4,28746,443,U,I,D,B,,,,"
        assertThat(first.get("eventTime").asLong()).isEqualTo(1_542_110_402_000L);
        assertThat(first.get("logFormat").asText()).isEqualTo("NSG_V2");
        assertThat(first.get("srcIp").asText()).isEqualTo("94.102.49.190");
        assertThat(first.get("dstPort").asInt()).isEqualTo(443);
        assertThat(first.get("protocol").asInt()).isEqualTo(17);
        assertThat(first.get("transport").asText()).isEqualTo("udp");
        assertThat(first.get("direction").asText()).isEqualTo("INBOUND");
        assertThat(first.get("decision").asText()).isEqualTo("DENY");
        assertThat(first.get("flowState").asText()).isEqualTo("BEGIN");
        assertThat(first.get("packetsSrcToDst").isNull()).isTrue();
        assertThat(first.get("mac").asText()).isEqualTo("00-0D-3A-F8-78-56");
        assertThat(first.get("aclId").isNull()).isTrue();
        // the sample's record-level fields, which trace a tuple back to its blob and NSG
        assertThat(first.get("systemId").asText()).isEqualTo("a0fca5ce-022c-47b1-9735-89943b42f2fa");
        assertThat(first.get("flowLogGuid").isNull()).isTrue();
        assertThat(first.get("recordMac").isNull()).isTrue();
        // VNet "1663146003606,10.0.0.6,52.239.184.180,23956,443,6,O,E,NX,3,767,2,1580"
        JsonNode vnet = records.get(12);
        assertThat(vnet.get("logFormat").asText()).isEqualTo("VNET_V4");
        assertThat(vnet.get("flowLogGuid").asText()).isEqualTo("abcdef01-2345-6789-0abc-def012345678");
        assertThat(vnet.get("recordMac").asText()).isEqualTo("00-22-48-71-C2-05");
        assertThat(vnet.get("protocol").asInt()).isEqualTo(6);
        assertThat(vnet.get("transport").asText()).isEqualTo("tcp");
        assertThat(vnet.get("eventTime").asLong()).isEqualTo(1_663_146_003_606L);
        assertThat(vnet.get("flowState").asText()).isEqualTo("END");
        assertThat(vnet.get("bytesSrcToDst").asLong()).isEqualTo(767L);
        assertThat(vnet.get("bytesDstToSrc").asLong()).isEqualTo(1580L);
        assertThat(vnet.get("encryption").asText()).isEqualTo("NX");
        assertThat(vnet.get("aclId").asText()).isEqualTo("00000000-1234-abcd-ef00-c1c2c3c4c5c6");
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("}\n").doesNotContain("\n ");
    }

    @Test
    void readsStandardInputAndReportsRejectionsOnStderrWithExit3() throws Exception {
        String doc = "{\"time\":\"2024-05-01T10:00:00Z\",\"resourceId\":\"N\",\"properties\":{\"Version\":2,\"flows\":"
                + "[{\"rule\":\"R\",\"flows\":[{\"mac\":\"000D3AF87856\",\"flowTuples\":[\"" + V2_TUPLE
                + "\",\"1700000000,10.0.0.1,10.0.0.2,1234,99999,T,O,A,B,,,,\"]}]}]}}\nnot json\n";
        int code = run(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "decode", "-");

        assertThat(code).isEqualTo(3);
        assertThat(lines(out)).hasSize(1);
        List<JsonNode> rejections = lines(err);
        assertThat(rejections).hasSize(2);
        JsonNode port = rejections.get(0);
        assertThat(port.get("reason").asText()).isEqualTo("PORT");
        assertThat(port.get("message").asText()).contains("99999");
        assertThat(port.get("source").asText()).isEqualTo("-");
        assertThat(port.get("excerpt").asText()).isEqualTo("1700000000,10.0.0.1,10.0.0.2,1234,99999,T,O,A,B,,,,");
        assertThat(port.get("path").asText()).isEqualTo("properties.flows[0].flows[0].flowTuples[1]");
        assertThat(port.get("document").asInt()).isZero();
        assertThat(port.get("record").asInt()).isZero();
        // the offset points at the bad tuple itself (its opening quote), not at its record
        assertThat(port.get("offset").asLong()).isEqualTo(doc.indexOf("\"1700000000,10.0.0.1,10.0.0.2,1234,99999"));
        JsonNode unreadable = rejections.get(1);
        assertThat(unreadable.get("reason").asText()).isEqualTo("UNREADABLE");
        assertThat(unreadable.get("document").asInt()).isEqualTo(1);
        assertThat(unreadable.get("record").isNull()).isTrue();
        assertThat(unreadable.get("offset").asLong()).isEqualTo(doc.indexOf("not json"));
    }

    @Test
    void usageErrorsExitWith2() throws Exception {
        assertThat(run("decode")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no input").contains("usage: nsgflow decode");
        err.reset();
        assertThat(run("decode", "--bogus", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus");
        err.reset();
        assertThat(run("decode", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a readable file");
        assertThat(run("decode", "--excerpt-chars", "0", "-")).isEqualTo(2);
        assertThat(out.size()).isZero();
    }

    @Test
    void helpGoesToStdoutWithExit0() throws Exception {
        assertThat(run("decode", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: nsgflow decode").contains("exit status");
        assertThat(err.size()).isZero();
    }

    @Test
    void excerptCharsCutsRejectionExcerpts() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"records\": 5} and more text that is long");
        assertThat(run("decode", "--excerpt-chars", "8", file.toString())).isEqualTo(3);
        List<JsonNode> rejections = lines(err);
        assertThat(rejections).isNotEmpty();
        assertThat(rejections).allSatisfy(r -> assertThat(r.get("excerpt").asText()).hasSizeLessThanOrEqualTo(8));
        assertThat(rejections.get(0).get("source").asText()).isEqualTo(file.toString());
    }
}
