package io.nsgflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nsgflow.policy.timeline.PolicyUpdate;
import io.nsgflow.policy.timeline.PolicyUpdateKind;
import io.nsgflow.policy.timeline.PolicyUpdates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The snapshot document's top-level keys (unknown ones refused, naming them), the ARM
 * {@code resources} shape, and {@code effectiveFrom} on files and on messages.
 */
class SnapshotFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PolicyValidationException snapshotError(String json) {
        return catchThrowableOfType(() -> PolicyReader.readSnapshot(json), PolicyValidationException.class);
    }

    @Test
    void theAcceptedKeysAreOneListInTheOrderReadmeGivesThem() {
        assertThat(PolicyReader.SNAPSHOT_KEYS).containsExactly("version", "effectiveFrom", "virtualNetworks",
                "networkInterfaces", "networkSecurityGroups", "applicationSecurityGroups", "serviceTags", "networkGroups",
                "securityAdminConfigurations", "networkGroupStaticMembers", "securityAdminRuleCollections", "securityAdminRules",
                "resources");
    }

    @Test
    void anEmptyDocumentIsRefusedInsteadOfLoadingAsAnEmptyPolicy() {
        PolicyValidationException e = snapshotError("{}");
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("no policy resources").contains("networkInterfaces").contains("resources");
        // the same on the policy topic: not "cannot tell which kind of resource"
        PolicyValidationException m = catchThrowableOfType(() -> PolicyReader.readChange("{}"), PolicyValidationException.class);
        assertThat(m.getMessage()).contains("no policy resources");
        // an explicitly empty list is a deliberate empty policy
        assertThat(catchThrowableOfType(() -> PolicyReader.readSnapshot("{\"networkSecurityGroups\": []}"),
                PolicyValidationException.class)).isNull();
    }

    @Test
    void aMisspelledKeyIsNamedWithTheKeyMeantAndEveryAcceptedKey() {
        String nic = TestPolicies.resource("snapshot-az.json");
        // the az snapshot with its NIC list under a misspelled key
        PolicyValidationException e = snapshotError(nic.replace("\"networkInterfaces\"", "\"networkInterface\""));
        assertThat(e.field()).isEqualTo("networkInterface");
        assertThat(e.getMessage()).contains("unknown top-level key").contains("did you mean 'networkInterfaces'")
                .contains("version, effectiveFrom, virtualNetworks, networkInterfaces, networkSecurityGroups,"
                        + " applicationSecurityGroups, serviceTags, networkGroups, securityAdminConfigurations,"
                        + " networkGroupStaticMembers, securityAdminRuleCollections, securityAdminRules, resources");
        // on the policy topic as well (the misspelled key alone made it look like no snapshot)
        PolicyValidationException m = catchThrowableOfType(() -> PolicyReader.readChange(
                "{\"effectiveFrom\":\"2026-11-20T10:00:00Z\",\"networkInterface\":[]}"), PolicyValidationException.class);
        assertThat(m.field()).isEqualTo("networkInterface");
        assertThat(snapshotError("{\"networkSecurityGroups\": [], \"owner\": \"team-a\"}").getMessage())
                .contains("owner").contains("unknown top-level key");
    }

    @Test
    void keysAreMatchedWithoutRegardToCaseAsFieldsAre() throws Exception {
        String az = TestPolicies.resource("snapshot-az.json").replace("\"networkInterfaces\"", "\"NetworkInterfaces\"");
        assertThat(PolicyReader.readSnapshot(az).networkInterfaces()).isEqualTo(TestPolicies.az().networkInterfaces());
    }

    @Test
    void aSingleResourceGivenAsSnapshotSaysSo() {
        String nsg = "{\"id\": \"/s/networkSecurityGroups/n1\", \"name\": \"n1\", \"type\": \"Microsoft.Network/networkSecurityGroups\","
                + " \"properties\": {\"securityRules\": []}}";
        PolicyValidationException e = snapshotError(nsg);
        assertThat(e.getMessage()).contains("unknown top-level key").contains("single resource");
    }

    /** snapshot-arm.json's resources as one ARM {@code resources} list, shuffled, with resources of other types among them. */
    private static ObjectNode asResourcesList(String snapshot) throws Exception {
        JsonNode keyed = JSON.readTree(snapshot);
        ObjectNode doc = JSON.createObjectNode();
        doc.set("effectiveFrom", keyed.get("effectiveFrom"));
        doc.set("serviceTags", keyed.get("serviceTags"));
        ArrayNode resources = doc.putArray("resources");
        resources.addObject().put("type", "Microsoft.Compute/virtualMachines").put("name", "vm-web1")
                .put("id", "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-web1");
        for (String key : List.of("networkInterfaces", "applicationSecurityGroups", "networkSecurityGroups", "virtualNetworks")) {
            keyed.get(key).forEach(resources::add);
        }
        resources.addObject().put("type", "Microsoft.Network/publicIPAddresses").put("name", "pip-web")
                .put("id", "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip-web");
        return doc;
    }

    @Test
    void armResourcesListReadsAsTheSameSnapshotSkippingOtherTypes() throws Exception {
        PolicySnapshot fromList = PolicyReader.readSnapshot(asResourcesList(TestPolicies.resource("snapshot-arm.json")).toString());
        PolicySnapshot keyed = TestPolicies.arm();
        assertThat(fromList.networkSecurityGroups()).isEqualTo(keyed.networkSecurityGroups());
        assertThat(fromList.networkInterfaces()).isEqualTo(keyed.networkInterfaces());
        assertThat(fromList.virtualNetworks()).isEqualTo(keyed.virtualNetworks());
        assertThat(fromList.applicationSecurityGroups()).isEqualTo(keyed.applicationSecurityGroups());
        assertThat(fromList.networkInterfaces()).hasSize(7);
        assertThat(fromList.effectiveFrom()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void anArmTemplatesMetadataIsAllowedBesideResourcesButItsExpressionsAreRefused() throws Exception {
        ObjectNode template = asResourcesList(TestPolicies.resource("snapshot-arm.json"));
        template.put("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
        template.put("contentVersion", "1.0.0.0");
        template.putObject("parameters");
        template.putObject("variables");
        assertThat(PolicyReader.readSnapshot(template.toString()).networkInterfaces()).hasSize(7);

        // as az group export writes an NSG: its name a parameter, its id computed
        ((ObjectNode) template.get("resources").get(11)).put("name", "[parameters('networkSecurityGroups_nsg_web_name')]");
        PolicyValidationException e = snapshotError(template.toString());
        assertThat(e.getMessage()).contains("resources[11]").contains("name")
                .contains("[parameters('networkSecurityGroups_nsg_web_name')]").contains("does not evaluate");
        // outside of a template, its keys are unknown
        assertThat(snapshotError("{\"contentVersion\": \"1.0.0.0\", \"networkSecurityGroups\": []}").field())
                .isEqualTo("contentVersion");
    }

    @Test
    void aTemplateReferenceDeepInsideAResourceIsNamedWithItsPath() throws Exception {
        ObjectNode doc = asResourcesList(TestPolicies.resource("snapshot-arm.json"));
        ObjectNode nic = (ObjectNode) doc.get("resources").get(1);
        ((ObjectNode) nic.at("/properties/ipConfigurations/0/properties/subnet")).put("id",
                "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-app', 'web')]");
        PolicyValidationException e = snapshotError(doc.toString());
        assertThat(e.field()).isEqualTo("properties.ipConfigurations[0].properties.subnet.id");
    }

    @Test
    void childResourcesAndEntriesWithoutTypeAreRefused() {
        PolicyValidationException child = snapshotError("{\"resources\": [{\"type\": \"Microsoft.Network/networkSecurityGroups/securityRules\","
                + " \"name\": \"nsg-web/AllowHttps\", \"id\": \"/s/networkSecurityGroups/nsg-web/securityRules/AllowHttps\"}]}");
        assertThat(child.getMessage()).contains("child resource").contains("securityRules");
        PolicyValidationException untyped = snapshotError("{\"resources\": [{\"name\": \"x\", \"id\": \"/s/x\"}]}");
        assertThat(untyped.field()).isEqualTo("type");
    }

    @Test
    void aResourcesListWithNoPolicyResourceSaysWhatItSkipped() {
        PolicyValidationException e = snapshotError("{\"resources\": [{\"type\": \"Microsoft.Compute/virtualMachines\", \"name\": \"vm1\","
                + " \"id\": \"/s/virtualMachines/vm1\"}, {\"type\": \"Microsoft.Compute/disks\", \"name\": \"d\", \"id\": \"/s/disks/d\"}]}");
        assertThat(e.getMessage()).contains("holds no policy resources").contains("Microsoft.Compute/virtualMachines=1")
                .contains("Microsoft.Compute/disks=1");
    }

    @Test
    void aSnapshotFileWithoutEffectiveFromIsInForceFromTheStartAMessageNeedsOne() throws Exception {
        String withoutTime = JSON.readTree(TestPolicies.resource("snapshot-az.json")).deepCopy()
                .<ObjectNode>require().without("effectiveFrom").toString();
        PolicyUpdate file = PolicyUpdates.readFile(withoutTime);
        assertThat(file.getKind()).isEqualTo(PolicyUpdateKind.SNAPSHOT);
        assertThat(file.getEffectiveFrom()).isEqualTo(Instant.parse("1970-01-01T00:00:00Z").toEpochMilli());
        // a file that has one keeps it
        assertThat(PolicyUpdates.readFile(TestPolicies.resource("snapshot-az.json")).getEffectiveFrom())
                .isEqualTo(Instant.parse("2026-11-20T10:00:00Z").toEpochMilli());
        // a policy-topic message must say when it takes effect
        PolicyValidationException message = catchThrowableOfType(() -> PolicyUpdates.read(withoutTime), PolicyValidationException.class);
        assertThat(message.field()).isEqualTo("effectiveFrom");
        // a single-resource file too: it replaces its resource from that time on
        PolicyValidationException resource = catchThrowableOfType(() -> PolicyUpdates.readFile(
                "{\"id\": \"/s/applicationSecurityGroups/a1\", \"type\": \"Microsoft.Network/applicationSecurityGroups\"}"),
                PolicyValidationException.class);
        assertThat(resource.field()).isEqualTo("effectiveFrom");
        assertThat(resource.getMessage()).contains("single-resource file");
    }

    /** The example snapshot of README's "Policy snapshots" section, as written there. */
    static String readmeExample() throws Exception {
        return readmeBlock(0);
    }

    /** The n-th JSON block after README's snapshot-example marker. */
    private static String readmeBlock(int n) throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        int at = readme.indexOf("<!-- snapshot-example");
        assertThat(at).as("README's snapshot example marker").isPositive();
        for (int i = 0; i <= n; i++) {
            at = readme.indexOf("```json\n", at) + "```json\n".length();
        }
        return readme.substring(at, readme.indexOf("```", at));
    }

    @Test
    void readmesExampleSnapshotGetsTheAnswersReadmeGives() throws Exception {
        PolicySnapshot s = PolicyReader.readSnapshot(readmeExample());
        IpFlowVerifier verifier = new IpFlowVerifier(CompiledPolicy.compile(s));
        assertThat(s.version()).isEqualTo("example-1");
        assertThat(s.effectiveFrom()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        PolicyVerdict https = verifier.verify(new IpFlowVerifier.Query("Inbound", "TCP", "10.1.1.4", "443", "8.8.4.4", "50000", null))
                .decision();
        assertThat(https.access()).isEqualTo(Access.ALLOW);
        assertThat(https.ruleName()).isEqualTo("securityRules/AllowHttpsFromInternet");
        assertThat(https.nsgName()).isEqualTo("nsg-web");
        PolicyVerdict ssh = verifier.verify(new IpFlowVerifier.Query("Inbound", "TCP", "10.1.1.4", "22", "8.8.4.4", "50000", null))
                .decision();
        assertThat(ssh.access()).isEqualTo(Access.DENY);
        assertThat(ssh.ruleName()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        // the single-resource example replaces nsg-web from its time on
        String change = readmeBlock(1);
        assertThat(PolicyUpdates.readFile(change).getKind()).isEqualTo(PolicyUpdateKind.RESOURCE);
        assertThat(PolicyUpdates.readFile(change).getEffectiveFrom()).isEqualTo(Instant.parse("2026-11-21T08:00:00Z").toEpochMilli());
    }
}
