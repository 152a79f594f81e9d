package io.nsgflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code nsgflow verify} run in-process through {@link Main#run}. */
class VerifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exit, String out, String err) {
        List<JsonNode> jsonLines() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) {
                    lines.add(JSON.readTree(l));
                }
            }
            return lines;
        }
    }

    private static Run run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String resource(String name) throws Exception {
        return Path.of(VerifyCommandTest.class.getResource("/policy/" + name).toURI()).toString();
    }

    private static List<JsonNode> expected() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(resource("verify-expected.jsonl")))) {
            lines.add(JSON.readTree(l));
        }
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapshot-arm.json", "snapshot-az.json"})
    void queriesFileGetsTheHandDerivedAnswersInBothShapes(String snapshot) throws Exception {
        Run r = run("", "verify", "--snapshot", resource(snapshot), "--queries", resource("verify-queries.jsonl"));
        // query 7 names an address no NIC has: answered with an error line, exit 3
        assertThat(r.exit()).isEqualTo(Command.EXIT_PARTIAL);
        assertThat(r.jsonLines()).containsExactlyElementsOf(expected());
    }

    @Test
    void armAndAzShapesGiveIdenticalOutput() throws Exception {
        Run arm = run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--queries", resource("verify-queries.jsonl"));
        Run az = run("", "verify", "--snapshot", resource("snapshot-az.json"), "--queries", resource("verify-queries.jsonl"));
        assertThat(az.out()).isEqualTo(arm.out());
    }

    @Test
    void oneQueryByOptions() throws Exception {
        Run r = run("", "verify", "--snapshot", resource("snapshot-az.json"), "--direction", "Inbound", "--protocol", "TCP",
                "--local-ip", "10.1.1.4", "--local-port", "443", "--remote-ip", "8.8.4.4", "--remote-port", "50000");
        assertThat(r.exit()).isZero();
        assertThat(r.jsonLines()).containsExactly(expected().get(0));
    }

    @Test
    void nicOptionAcceptsANameAndMustHoldTheLocalAddress() throws Exception {
        Run byName = run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--nic", "NIC-WEB2", "--direction",
                "Outbound", "--protocol", "UDP", "--local-ip", "10.1.1.5", "--local-port", "5000", "--remote-ip",
                "8.8.8.8", "--remote-port", "53");
        assertThat(byName.exit()).isZero();
        // nic-web2 has no NIC NSG; the web subnet NSG has no outbound rules: AllowInternetOutBound
        assertThat(byName.jsonLines().get(0).get("ruleName").asText()).isEqualTo("defaultSecurityRules/AllowInternetOutBound");

        Run wrong = run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--nic", "nic-web2", "--direction",
                "Outbound", "--protocol", "UDP", "--local-ip", "10.1.1.4", "--local-port", "5000", "--remote-ip",
                "8.8.8.8", "--remote-port", "53");
        assertThat(wrong.exit()).isEqualTo(Command.EXIT_PARTIAL);
        assertThat(wrong.jsonLines().get(0).get("error").asText()).contains("10.1.1.4").contains("nic-web2");
    }

    @Test
    void textFormatForPeople() throws Exception {
        Run r = run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--format", "text", "--direction", "Inbound",
                "--protocol", "TCP", "--local-ip", "10.1.1.4", "--local-port", "443", "--remote-ip", "8.8.4.4",
                "--remote-port", "50000");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Inbound TCP local 10.1.1.4:443 remote 8.8.4.4:50000 at NIC nic-web1")
                .contains("Allow by securityRules/AllowHttps of NSG nsg-web-nic")
                .containsPattern("subnet +nsg-web-subnet +securityRules/AllowHttpsFromInternet +Allow")
                .containsPattern("nic +nsg-web-nic +securityRules/AllowHttps +Allow");
    }

    @Test
    void queriesFromStdinAndBadLinesAnsweredInPlace() throws Exception {
        String queries = "{\"direction\":\"Inbound\",\"protocol\":\"TCP\",\"localIPAddress\":\"10.1.1.4\",\"localPort\":3389,"
                + "\"remoteIPAddress\":\"8.8.4.4\",\"remotePort\":1}\n"
                + "{not json\n"
                + "{\"direction\":\"Sideways\",\"protocol\":\"TCP\",\"localIPAddress\":\"10.1.1.4\",\"localPort\":1,"
                + "\"remoteIPAddress\":\"8.8.4.4\",\"remotePort\":1}\n"
                + "{\"direction\":\"Inbound\",\"protocol\":\"TCP\",\"localIPAddress\":\"10.1.1.4\",\"localPort\":70000,"
                + "\"remoteIPAddress\":\"8.8.4.4\",\"remotePort\":1}\n";
        Run r = run(queries, "verify", "--snapshot", resource("snapshot-arm.json"), "--queries", "-");
        assertThat(r.exit()).isEqualTo(Command.EXIT_PARTIAL);
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("ruleName").asText()).isEqualTo("securityRules/DenyRdp");
        assertThat(lines.get(1).get("error").asText()).startsWith("line 2: not valid JSON");
        assertThat(lines.get(2).get("error").asText()).contains("direction").contains("Sideways");
        assertThat(lines.get(3).get("error").asText()).contains("localPort").contains("70000");
    }

    @Test
    void helpExitsZero() throws Exception {
        Run r = run("", "verify", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--snapshot").contains("--queries").contains("--format");
    }

    @Test
    void usageErrorsExitTwoWithAReason(@TempDir Path dir) throws Exception {
        assertThat(run("", "verify", "--queries", "q.jsonl")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(Command.EXIT_USAGE);
            assertThat(r.err()).contains("--snapshot");
        });
        assertThat(run("", "verify", "--snapshot", resource("snapshot-arm.json"))).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(Command.EXIT_USAGE);
            assertThat(r.err()).contains("neither");
        });
        assertThat(run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--queries", "x", "--direction", "Inbound"))
                .satisfies(r -> assertThat(r.err()).contains("both"));
        assertThat(run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--direction", "Inbound").err())
                .contains("missing --protocol");
        assertThat(run("", "verify", "--bogus", "1").err()).contains("unknown option --bogus");
        assertThat(run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--queries", resource("verify-queries.jsonl"),
                "--format", "xml").err()).contains("--format");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"networkSecurityGroups\": [{\"id\": \"/x/networkSecurityGroups/nsg-a\", \"name\": \"nsg-a\","
                + " \"properties\": {\"securityRules\": [{\"name\": \"r1\", \"properties\": {\"priority\": 50,"
                + " \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", \"sourceAddressPrefix\": \"*\","
                + " \"sourcePortRange\": \"*\", \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"80\"}}]}}]}");
        Run invalid = run("", "verify", "--snapshot", bad.toString(), "--queries", resource("verify-queries.jsonl"));
        assertThat(invalid.exit()).isEqualTo(Command.EXIT_USAGE);
        assertThat(invalid.err()).contains("networkSecurityGroup 'nsg-a'").contains("securityRules['r1'].priority")
                .contains("out of range").doesNotContain("Exception");
        Run missing = run("", "verify", "--snapshot", dir.resolve("nope.json").toString(), "--queries", "-");
        assertThat(missing.exit()).isEqualTo(Command.EXIT_USAGE);
        assertThat(missing.err()).contains("cannot read");
    }

    @Test
    void aSnapshotWithAnUnknownKeyOrNoResourcesIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, Files.readString(Path.of(resource("snapshot-az.json")))
                .replace("\"networkInterfaces\"", "\"networkInterface\""));
        Run r = run("", "verify", "--snapshot", typo.toString(), "--direction", "Inbound", "--protocol", "TCP",
                "--local-ip", "10.1.1.4", "--local-port", "443", "--remote-ip", "8.8.4.4", "--remote-port", "50000");
        assertThat(r.exit()).isEqualTo(Command.EXIT_USAGE);
        assertThat(r.err()).contains("typo.json").contains("networkInterface").contains("did you mean 'networkInterfaces'");
        assertThat(r.out()).isEmpty();

        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "{}");
        Run e = run("", "verify", "--snapshot", empty.toString(), "--direction", "Inbound", "--protocol", "TCP",
                "--local-ip", "10.1.1.4", "--local-port", "443", "--remote-ip", "8.8.4.4", "--remote-port", "50000");
        assertThat(e.exit()).isEqualTo(Command.EXIT_USAGE);
        assertThat(e.err()).contains("no policy resources").doesNotContain("no NIC");
    }

    @Test
    void aSnapshotWithoutEffectiveFromIsAnsweredAsWritten(@TempDir Path dir) throws Exception {
        Path noTime = dir.resolve("no-time.json");
        Files.writeString(noTime, ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                Files.readString(Path.of(resource("snapshot-az.json"))))).without("effectiveFrom").toString());
        Run r = run("", "verify", "--snapshot", noTime.toString(), "--direction", "Inbound", "--protocol", "TCP",
                "--local-ip", "10.1.1.4", "--local-port", "443", "--remote-ip", "8.8.4.4", "--remote-port", "50000");
        assertThat(r.exit()).isZero();
        assertThat(r.jsonLines()).containsExactly(expected().get(0));
    }

    /** The trace shows the AVNM security admin rule, before the NSGs (rules in AdminRulesTest's comment). */
    @ParameterizedTest
    @ValueSource(strings = {"snapshot-avnm-arm.json", "snapshot-avnm-az.json"})
    void theTraceShowsTheSecurityAdminRule(String snapshot) throws Exception {
        String queries = "{\"direction\":\"Inbound\",\"protocol\":\"TCP\",\"localIPAddress\":\"10.0.0.6\",\"localPort\":23,"
                + "\"remoteIPAddress\":\"198.51.100.7\",\"remotePort\":50000}\n"
                + "{\"direction\":\"Inbound\",\"protocol\":\"TCP\",\"localIPAddress\":\"10.0.0.6\",\"localPort\":443,"
                + "\"remoteIPAddress\":\"198.51.100.7\",\"remotePort\":50000}\n";
        Run r = run(queries, "verify", "--snapshot", resource(snapshot), "--queries", "-");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        JsonNode deny = lines.get(0);
        assertThat(deny.get("access").asText()).isEqualTo("Deny");
        assertThat(deny.get("ruleName").asText())
                .isEqualTo("securityAdminConfigurations/sac-baseline/ruleCollections/rc-baseline/rules/BlockHighRiskTCPPortsFromInternet");
        assertThat(deny.get("nsg").isNull()).isTrue();
        assertThat(deny.get("trace")).hasSize(1);
        assertThat(deny.at("/trace/0/securityAdminConfiguration").asText()).isEqualTo("sac-baseline");
        assertThat(deny.at("/trace/0/ruleCollection").asText()).isEqualTo("rc-baseline");
        assertThat(deny.at("/trace/0/appliedAt").asText()).isEqualTo("virtualNetwork");
        assertThat(deny.at("/trace/0/priority").asInt()).isEqualTo(10);
        assertThat(deny.at("/trace/0/access").asText()).isEqualTo("Deny");
        JsonNode allow = lines.get(1);
        assertThat(allow.get("access").asText()).isEqualTo("Allow");
        assertThat(allow.get("ruleName").asText()).isEqualTo("securityRules/AllowHttpsInbound");
        assertThat(allow.get("nsg").asText()).isEqualTo("nsg-prod");
        assertThat(allow.get("trace")).hasSize(2);
        assertThat(allow.at("/trace/0/access").asText()).isEqualTo("Allow");
        assertThat(allow.at("/trace/0/ruleName").asText()).endsWith("/rules/AllowHttps");
        assertThat(allow.at("/trace/1/nsg").asText()).isEqualTo("nsg-prod");

        Run text = run(queries, "verify", "--snapshot", resource(snapshot), "--queries", "-", "--format", "text");
        assertThat(text.out()).contains("Deny by AVNM security admin rule securityAdminConfigurations/sac-baseline/"
                + "ruleCollections/rc-baseline/rules/BlockHighRiskTCPPortsFromInternet (Deny: no NSG evaluated)");
    }

    /**
     * Protocols without ports need none, by option or in a query line; by hand from the snapshot:
     * nic-web2 (10.1.1.5) has no NIC NSG, so ICMP from 10.1.3.4 (in the VNet) is decided by the web
     * subnet's AllowIcmpFromVnet (140), ESP from the Internet by its DenyEspFromInternet (150). TCP
     * still needs both ports.
     */
    @Test
    void portlessProtocolsNeedNoPorts() throws Exception {
        Run icmp = run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--direction", "Inbound",
                "--protocol", "ICMP", "--local-ip", "10.1.1.5", "--remote-ip", "10.1.3.4");
        assertThat(icmp.exit()).as(icmp.err()).isZero();
        assertThat(icmp.jsonLines().get(0).get("access").asText()).isEqualTo("Allow");
        assertThat(icmp.jsonLines().get(0).get("ruleName").asText()).isEqualTo("securityRules/AllowIcmpFromVnet");
        assertThat(icmp.jsonLines().get(0).get("nsg").asText()).isEqualTo("nsg-web-subnet");

        Run esp = run("{\"direction\":\"Inbound\",\"protocol\":\"ESP\",\"localIPAddress\":\"10.1.1.5\","
                + "\"remoteIPAddress\":\"8.8.8.8\"}\n", "verify", "--snapshot", resource("snapshot-arm.json"), "--queries", "-");
        assertThat(esp.exit()).as(esp.out()).isZero();
        assertThat(esp.jsonLines().get(0).get("access").asText()).isEqualTo("Deny");
        assertThat(esp.jsonLines().get(0).get("ruleName").asText()).isEqualTo("securityRules/DenyEspFromInternet");

        Run tcp = run("", "verify", "--snapshot", resource("snapshot-arm.json"), "--direction", "Inbound",
                "--protocol", "TCP", "--local-ip", "10.1.1.5", "--remote-ip", "10.1.3.4", "--local-port", "22");
        assertThat(tcp.exit()).isEqualTo(Command.EXIT_USAGE);
        assertThat(tcp.err()).contains("missing --remote-port");
    }
}
