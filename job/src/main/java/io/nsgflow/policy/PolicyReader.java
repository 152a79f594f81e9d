package io.nsgflow.policy;

import io.nsgflow.net.Direction;
import io.nsgflow.net.Directions;
import io.nsgflow.net.IpAddress;
import io.nsgflow.net.IpPrefix;
import io.nsgflow.net.MacAddress;
import io.nsgflow.net.Protocol;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads policy JSON in ARM REST shape (fields under {@code properties}) or az CLI shape
 * (flattened): whole snapshot files, single resources, and policy-topic messages (either).
 * Field names are matched case-insensitively ({@code privateIPAddress} / {@code privateIpAddress}).
 * Every problem is a {@link PolicyValidationException} naming the resource and the field.
 */
public final class PolicyReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The top-level keys a snapshot document may have (matched case-insensitively), in the order
     * README lists them; any other key is refused, naming it. The one list to extend when the
     * snapshot learns a new kind of resource: every key but {@link #SNAPSHOT_METADATA_KEYS} holds
     * resources, and a document with one of those is a snapshot (not a single resource).
     */
    public static final List<String> SNAPSHOT_KEYS = List.of("version", "effectiveFrom", "virtualNetworks",
            "networkInterfaces", "networkSecurityGroups", "applicationSecurityGroups", "serviceTags", "networkGroups",
            "securityAdminConfigurations", "networkGroupStaticMembers", "securityAdminRuleCollections", "securityAdminRules",
            "resources");

    /** The keys of {@link #SNAPSHOT_KEYS} that describe the snapshot rather than hold resources. */
    static final List<String> SNAPSHOT_METADATA_KEYS = List.of("version", "effectiveFrom");

    /**
     * The other top-level keys of an ARM deployment template ({@code az group export}, the portal's
     * "Export template"), allowed beside {@code resources} and not read.
     */
    static final List<String> ARM_TEMPLATE_KEYS = List.of(
            "$schema", "contentVersion", "apiProfile", "parameters", "variables", "functions", "outputs", "metadata");

    /** The ARM types of {@code resources} entries that are read, lower case, and the reader of each. */
    private static final Map<String, ResourceParser> ARM_TYPES = Map.of(
            "microsoft.network/virtualnetworks", PolicyReader::readVnet,
            "microsoft.network/networkinterfaces", PolicyReader::readNic,
            "microsoft.network/networksecuritygroups", PolicyReader::readNsg,
            "microsoft.network/applicationsecuritygroups", PolicyReader::readAsg,
            "microsoft.network/networkmanagers/networkgroups", PolicyReader::readNetworkGroup,
            "microsoft.network/networkmanagers/securityadminconfigurations", PolicyReader::readAdminConfiguration);

    /** AVNM child types read from {@code resources} too, each attached to its parent by its id (see readAvnm). */
    static final String STATIC_MEMBER_TYPE = "microsoft.network/networkmanagers/networkgroups/staticmembers";
    static final String RULE_COLLECTION_TYPE = "microsoft.network/networkmanagers/securityadminconfigurations/rulecollections";
    static final String ADMIN_RULE_TYPE = "microsoft.network/networkmanagers/securityadminconfigurations/rulecollections/rules";

    @FunctionalInterface
    private interface ResourceParser {
        PolicyResource read(JsonNode n) throws PolicyValidationException;
    }

    private PolicyReader() {}

    /** A policy-topic message: a whole snapshot, or one resource with its own effectiveFrom. */
    public sealed interface PolicyChange permits SnapshotChange, ResourceChange {}

    public record SnapshotChange(PolicySnapshot snapshot) implements PolicyChange {}

    /** One resource version; {@code effectiveFrom} is null when the message had none. */
    public record ResourceChange(PolicyResource resource, Instant effectiveFrom) implements PolicyChange {}

    /** Reads and validates (including cross-references) a snapshot file. */
    public static PolicySnapshot readSnapshot(Path file) throws PolicyValidationException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PolicyValidationException("snapshot " + file, null, "cannot read: " + e.getMessage());
        }
        return readSnapshot(text);
    }

    /** Reads and validates (including cross-references) a snapshot document. */
    public static PolicySnapshot readSnapshot(String json) throws PolicyValidationException {
        PolicySnapshot s = parseSnapshot(tree(json, "snapshot"));
        PolicyValidator.validate(s);
        return s;
    }

    /**
     * Reads one resource (NSG, NIC, VNet, ASG or the service tags document), kind detected from
     * {@code type}, the id, or the shape. Checks the resource itself, not its references.
     */
    public static PolicyResource readResource(String json) throws PolicyValidationException {
        return parseResource(tree(json, "resource"));
    }

    /**
     * Reads a policy-topic message: a snapshot (has any of the resource keys of
     * {@link #SNAPSHOT_KEYS}, or has neither {@code id}, {@code type} nor {@code values} and so
     * cannot be one resource; validated) or one resource with an optional top-level
     * {@code effectiveFrom}.
     */
    public static PolicyChange readChange(String json) throws PolicyValidationException {
        JsonNode root = tree(json, "policy message");
        if (isSnapshot(root)) {
            PolicySnapshot s = parseSnapshot(root);
            PolicyValidator.validate(s);
            return new SnapshotChange(s);
        }
        PolicyResource r = parseResource(root);
        return new ResourceChange(r, instant(root, "policy message"));
    }

    /** Whether a document is a whole snapshot rather than one resource. */
    public static boolean isSnapshot(String json) throws PolicyValidationException {
        return isSnapshot(tree(json, "policy document"));
    }

    private static boolean isSnapshot(JsonNode root) {
        for (String k : resourceKeys()) {
            if (get(root, k) != null) {
                return true;
            }
        }
        return get(root, "id") == null && get(root, "type") == null && get(root, "values") == null;
    }

    private static List<String> resourceKeys() {
        return SNAPSHOT_KEYS.stream().filter(k -> !SNAPSHOT_METADATA_KEYS.contains(k)).toList();
    }

    private static JsonNode tree(String json, String what) throws PolicyValidationException {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new PolicyValidationException(what, null, "expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new PolicyValidationException(what, null, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    static PolicySnapshot parseSnapshot(JsonNode root) throws PolicyValidationException {
        checkTopLevelKeys(root);
        List<PolicyResource> resources = new ArrayList<>();
        for (JsonNode n : array(root, "virtualNetworks", "snapshot")) {
            resources.add(readVnet(n));
        }
        for (JsonNode n : array(root, "networkSecurityGroups", "snapshot")) {
            resources.add(readNsg(n));
        }
        for (JsonNode n : array(root, "applicationSecurityGroups", "snapshot")) {
            resources.add(readAsg(n));
        }
        for (JsonNode n : array(root, "networkInterfaces", "snapshot")) {
            resources.add(readNic(n));
        }
        JsonNode tags = get(root, "serviceTags");
        if (tags != null && !tags.isNull()) {
            resources.add(readServiceTags(tags));
        }
        readArmResources(root, resources);
        readAvnm(root, resources);
        checkUniqueIds(resources);
        String version = text(root, "version");
        return PolicySnapshot.of(version, instant(root, "snapshot"), resources);
    }

    /**
     * Refuses a top-level key that is not in {@link #SNAPSHOT_KEYS} (nor, beside {@code resources},
     * one of an ARM template's), and a document without any key that holds resources: either would
     * otherwise load as an empty policy, under which every flow is "on no known NIC".
     */
    private static void checkTopLevelKeys(JsonNode root) throws PolicyValidationException {
        boolean template = get(root, "resources") != null;
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (containsIgnoreCase(SNAPSHOT_KEYS, key) || template && containsIgnoreCase(ARM_TEMPLATE_KEYS, key)) {
                continue;
            }
            throw new PolicyValidationException("snapshot", key, "unknown top-level key" + keyHint(root, key)
                    + "; a snapshot's top-level keys are " + String.join(", ", SNAPSHOT_KEYS)
                    + " (beside resources also an ARM template's " + String.join(", ", ARM_TEMPLATE_KEYS) + ")");
        }
        for (String k : resourceKeys()) {
            if (get(root, k) != null) {
                return;
            }
        }
        throw new PolicyValidationException("snapshot", null, "no policy resources: a snapshot needs at least one of "
                + String.join(", ", resourceKeys()) + " (an explicitly empty list is accepted)");
    }

    /** Why a key may be there: a misspelling of an accepted key, or the fields of one resource. */
    private static String keyHint(JsonNode root, String key) {
        for (String accepted : SNAPSHOT_KEYS) {
            if (editDistance(key.toLowerCase(Locale.ROOT), accepted.toLowerCase(Locale.ROOT)) <= 2) {
                return " (did you mean '" + accepted + "'?)";
            }
        }
        if (get(root, "id") != null || get(root, "properties") != null) {
            return " (this looks like a single resource, not a snapshot: verify needs a whole snapshot;"
                    + " replay --snapshot and the policy topic also take one resource with its effectiveFrom)";
        }
        return "";
    }

    private static boolean containsIgnoreCase(List<String> keys, String key) {
        return keys.stream().anyMatch(k -> k.equalsIgnoreCase(key));
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + change);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The {@code resources} list of ARM resources (the shape of an ARM template, or of deployed
     * resources as the REST API returns them): each entry is read by its {@code type}
     * (virtualNetworks, networkInterfaces, networkSecurityGroups, applicationSecurityGroups under
     * Microsoft.Network); other types (virtual machines, disks, public IPs, ...) hold no NSG policy
     * and are skipped. Template expressions ({@code "[parameters('x')]"}, {@code "[resourceId(...)]"})
     * are not evaluated: an entry holding one is refused, naming it. Child resources
     * ({@code .../securityRules}, {@code .../subnets}) are refused too: their content belongs inside
     * the parent's properties, as the REST API returns it.
     */
    private static void readArmResources(JsonNode root, List<PolicyResource> into) throws PolicyValidationException {
        JsonNode list = get(root, "resources");
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw new PolicyValidationException("snapshot", "resources", "expected an array of ARM resources");
        }
        Map<String, Integer> skipped = new java.util.TreeMap<>();
        int read = 0;
        int i = 0;
        for (JsonNode n : list) {
            String at = "resources[" + i++ + "]";
            String what = at + (text(n, "name") == null ? "" : " '" + text(n, "name") + "'");
            if (!n.isObject()) {
                throw new PolicyValidationException("snapshot", at, "expected an ARM resource object");
            }
            String type = text(n, "type");
            if (type == null || type.isBlank()) {
                throw new PolicyValidationException(what, "type",
                        "missing: each entry of resources needs its ARM type, e.g. Microsoft.Network/networkSecurityGroups");
            }
            ResourceParser parser = ARM_TYPES.get(lower(type));
            if (parser == null && List.of(STATIC_MEMBER_TYPE, RULE_COLLECTION_TYPE, ADMIN_RULE_TYPE).contains(lower(type))) {
                read++; // attached to its network group or configuration by readAvnm
                continue;
            }
            if (parser == null) {
                String t = lower(type);
                if (t.startsWith("microsoft.network/networksecuritygroups/") || t.startsWith("microsoft.network/virtualnetworks/")
                        || t.startsWith("microsoft.network/networkinterfaces/")) {
                    throw new PolicyValidationException(what, "type", "'" + type + "' is a child resource: give it inside"
                            + " its parent's properties (securityRules of the NSG, subnets and virtualNetworkPeerings of"
                            + " the VNet, ipConfigurations of the NIC), as the REST API and az return them");
                }
                skipped.merge(type, 1, Integer::sum);
                continue;
            }
            String expression = templateExpression(n, "");
            if (expression != null) {
                throw new PolicyValidationException(what, expression.substring(0, expression.indexOf('=')),
                        "holds the ARM template expression " + expression.substring(expression.indexOf('=') + 1)
                                + ", which nsgflow does not evaluate: give the deployed resources instead (az network"
                                + " vnet/nic/nsg/asg list, or each resource's REST GET), whose ids and names are literal");
            }
            into.add(parser.read(n));
            read++;
        }
        if (read == 0 && !skipped.isEmpty() && into.isEmpty()) {
            throw new PolicyValidationException("snapshot", "resources", "holds no policy resources (types read: "
                    + String.join(", ", new java.util.TreeSet<>(typeNames())) + "); skipped: " + skipped);
        }
    }

    private static List<String> typeNames() {
        return List.of("Microsoft.Network/virtualNetworks", "Microsoft.Network/networkInterfaces",
                "Microsoft.Network/networkSecurityGroups", "Microsoft.Network/applicationSecurityGroups");
    }

    /** The first string under {@code n} that is an ARM template expression, as "path=value"; null when none. */
    private static String templateExpression(JsonNode n, String path) {
        if (n.isTextual()) {
            String v = n.asText().trim();
            // "[[" escapes a literal leading bracket in ARM templates
            return v.startsWith("[") && v.endsWith("]") && !v.startsWith("[[") && v.length() > 2
                    ? (path.isEmpty() ? "(value)" : path) + "=" + v : null;
        }
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String found = templateExpression(n.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String found = templateExpression(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void checkUniqueIds(List<PolicyResource> resources) throws PolicyValidationException {
        Set<String> seen = new HashSet<>();
        for (PolicyResource r : resources) {
            if (!seen.add(r.kind() + " " + r.key())) {
                throw new PolicyValidationException(describe(r), "id", "the same id appears twice in the snapshot");
            }
        }
    }

    static String describe(PolicyResource r) {
        return r.kind() + " '" + r.name() + "'";
    }

    private static Instant instant(JsonNode root, String what) throws PolicyValidationException {
        String t = text(root, "effectiveFrom");
        if (t == null) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new PolicyValidationException(what, "effectiveFrom", "not an ISO-8601 instant: '" + t + "'");
        }
    }

    static PolicyResource parseResource(JsonNode n) throws PolicyValidationException {
        String type = lower(text(n, "type"));
        String id = lower(text(n, "id"));
        JsonNode p = props(n);
        if (type.endsWith("/securityadminconfigurations") || lastSegmentOf(id, "securityadminconfigurations")) {
            return readAdminConfiguration(n);
        }
        if (type.endsWith("/networkgroups") || lastSegmentOf(id, "networkgroups")) {
            return readNetworkGroup(n);
        }
        if (id.contains("/securityadminconfigurations/") || id.contains("/networkgroups/")) {
            throw new PolicyValidationException("resource '" + text(n, "id") + "'", "id", "a part of an AVNM "
                    + (id.contains("/networkgroups/") ? "network group" : "security admin configuration")
                    + " alone is not a policy message: send the whole network group (with its staticMembers) or"
                    + " security admin configuration (with its ruleCollections and their rules)");
        }
        if (type.endsWith("/networksecuritygroups") || id.contains("/networksecuritygroups/")
                || get(p, "securityRules") != null || get(p, "defaultSecurityRules") != null) {
            return readNsg(n);
        }
        if (type.endsWith("/networkinterfaces") || id.contains("/networkinterfaces/") || get(p, "ipConfigurations") != null) {
            return readNic(n);
        }
        if (type.endsWith("/virtualnetworks") || id.contains("/virtualnetworks/") || get(p, "addressSpace") != null) {
            return readVnet(n);
        }
        if (type.endsWith("/applicationsecuritygroups") || id.contains("/applicationsecuritygroups/")) {
            return readAsg(n);
        }
        if (get(n, "values") != null) {
            return readServiceTags(n);
        }
        throw new PolicyValidationException("resource " + (text(n, "name") == null ? "(unnamed)" : "'" + text(n, "name") + "'"),
                "type", "cannot tell which kind of resource this is (expected an NSG, NIC, VNet, ASG, AVNM network group or"
                        + " security admin configuration, or the service tags document; a whole snapshot has one of the keys "
                        + String.join(", ", resourceKeys()) + ")");
    }

    /** Whether the id's last two segments are {@code <collection>/<name>} (the resource itself, not a child). */
    private static boolean lastSegmentOf(String lowerId, String collection) {
        int at = lowerId.lastIndexOf("/" + collection + "/");
        return at >= 0 && lowerId.indexOf('/', at + collection.length() + 2) < 0 && lowerId.length() > at + collection.length() + 2;
    }

    // ---- resources

    static NetworkSecurityGroup readNsg(JsonNode n) throws PolicyValidationException {
        String[] idName = idAndName(n, "networkSecurityGroup");
        String what = "networkSecurityGroup '" + idName[1] + "'";
        JsonNode p = props(n);
        List<SecurityRule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : array(p, "securityRules", what)) {
            rules.add(readRule(r, false, what, "securityRules[" + i++ + "]"));
        }
        List<SecurityRule> defaults = new ArrayList<>();
        i = 0;
        for (JsonNode r : array(p, "defaultSecurityRules", what)) {
            defaults.add(readRule(r, true, what, "defaultSecurityRules[" + i++ + "]"));
        }
        checkRuleSet(rules, what, "securityRules");
        checkRuleSet(defaults, what, "defaultSecurityRules");
        return new NetworkSecurityGroup(idName[0], idName[1], text(p, "resourceGuid"), rules, DefaultRules.complete(defaults));
    }

    private static void checkRuleSet(List<SecurityRule> rules, String what, String list) throws PolicyValidationException {
        Map<String, SecurityRule> byName = new LinkedHashMap<>();
        Map<String, SecurityRule> byPriority = new LinkedHashMap<>();
        for (SecurityRule r : rules) {
            SecurityRule same = byName.put(r.name().toLowerCase(Locale.ROOT), r);
            if (same != null) {
                throw new PolicyValidationException(what, list + "['" + r.name() + "'].name", "two rules have this name");
            }
            SecurityRule samePriority = byPriority.put(r.direction() + "/" + r.priority(), r);
            if (samePriority != null) {
                throw new PolicyValidationException(what, list + "['" + r.name() + "'].priority",
                        "priority " + r.priority() + " is already used by " + Directions.azureName(r.direction())
                                + " rule '" + samePriority.name() + "'");
            }
        }
    }

    private static SecurityRule readRule(JsonNode r, boolean isDefault, String what, String path)
            throws PolicyValidationException {
        String name = text(r, "name");
        if (name == null || name.isBlank()) {
            throw new PolicyValidationException(what, path + ".name", "missing");
        }
        String at = (isDefault ? "defaultSecurityRules" : "securityRules") + "['" + name + "']";
        JsonNode p = props(r);
        int priority = isDefault ? priority(p, what, at, 65000, 65535) : priority(p, what, at, 100, 4096);
        Direction direction = direction(p, what, at);
        Access access;
        try {
            access = Access.parse(text(p, "access"));
        } catch (IllegalArgumentException e) {
            throw new PolicyValidationException(what, at + ".access", e.getMessage());
        }
        String protocol = protocol(p, what, at);
        List<String> srcAsgs = ids(p, "sourceApplicationSecurityGroups", what, at);
        List<String> dstAsgs = ids(p, "destinationApplicationSecurityGroups", what, at);
        List<String> src = addresses(p, "sourceAddressPrefix", what, at, !srcAsgs.isEmpty());
        List<String> dst = addresses(p, "destinationAddressPrefix", what, at, !dstAsgs.isEmpty());
        List<String> srcPorts = ports(p, "sourcePortRange", what, at);
        List<String> dstPorts = ports(p, "destinationPortRange", what, at);
        return new SecurityRule(name, priority, direction, access, protocol, src, srcPorts, dst, dstPorts,
                srcAsgs, dstAsgs, isDefault);
    }

    /** A rule's {@code priority}, an integer in min..max. */
    private static int priority(JsonNode p, String what, String at, int min, int max) throws PolicyValidationException {
        JsonNode pr = get(p, "priority");
        if (pr == null || !(pr.isInt() || pr.isTextual() && pr.asText().matches("\\d{1,6}"))) {
            throw new PolicyValidationException(what, at + ".priority", "missing or not an integer");
        }
        int priority = pr.asInt();
        if (priority < min || priority > max) {
            throw new PolicyValidationException(what, at + ".priority", priority + " is out of range " + min + "-" + max);
        }
        return priority;
    }

    private static Direction direction(JsonNode p, String what, String at) throws PolicyValidationException {
        try {
            return Directions.parse(text(p, "direction"));
        } catch (IllegalArgumentException e) {
            throw new PolicyValidationException(what, at + ".direction", e.getMessage());
        }
    }

    /** A rule's {@code protocol} as given (trimmed), checked to be one a rule may have. */
    private static String protocol(JsonNode p, String what, String at) throws PolicyValidationException {
        String protocol = text(p, "protocol");
        try {
            Protocol.parseRule(protocol);
        } catch (IllegalArgumentException e) {
            throw new PolicyValidationException(what, at + ".protocol", e.getMessage());
        }
        return protocol.trim();
    }

    /** Singular and plural fields merged; empty strings ignored. */
    private static List<String> merged(JsonNode p, String singular) {
        List<String> out = new ArrayList<>();
        String one = text(p, singular);
        if (one != null && !one.isBlank()) {
            out.add(one.trim());
        }
        JsonNode many = get(p, singular + "es");
        if (many == null) {
            many = get(p, singular + "s");
        }
        if (many != null && many.isArray()) {
            for (JsonNode x : many) {
                if (x.isTextual() && !x.asText().isBlank()) {
                    out.add(x.asText().trim());
                }
            }
        }
        return out;
    }

    private static List<String> addresses(JsonNode p, String field, String what, String at, boolean hasAsgs)
            throws PolicyValidationException {
        List<String> out = merged(p, field);
        if (out.isEmpty() && !hasAsgs) {
            throw new PolicyValidationException(what, at + "." + field, "no address prefix and no application security group");
        }
        for (String a : out) {
            try {
                AddressEntry.parse(a);
            } catch (IllegalArgumentException e) {
                throw new PolicyValidationException(what, at + "." + field, e.getMessage());
            }
        }
        return out;
    }

    private static List<String> ports(JsonNode p, String field, String what, String at) throws PolicyValidationException {
        List<String> out = merged(p, field);
        if (out.isEmpty()) {
            throw new PolicyValidationException(what, at + "." + field, "no port range");
        }
        for (String a : out) {
            try {
                PortRange.parse(a);
            } catch (IllegalArgumentException e) {
                throw new PolicyValidationException(what, at + "." + field, e.getMessage());
            }
        }
        return out;
    }

    private static List<String> ids(JsonNode p, String field, String what, String at) throws PolicyValidationException {
        List<String> out = new ArrayList<>();
        JsonNode a = get(p, field);
        if (a == null || a.isNull()) {
            return out;
        }
        if (!a.isArray()) {
            throw new PolicyValidationException(what, at + "." + field, "expected an array of {\"id\": ...}");
        }
        for (JsonNode x : a) {
            String id = x.isTextual() ? x.asText() : text(x, "id");
            if (id == null || id.isBlank()) {
                throw new PolicyValidationException(what, at + "." + field, "an entry has no id");
            }
            out.add(id);
        }
        return out;
    }

    // ---- AVNM: network groups and security admin configurations

    /**
     * The AVNM parts of a snapshot: {@code networkGroups} (each with its {@code staticMembers}) and
     * {@code securityAdminConfigurations} (each with {@code ruleCollections}, each with {@code rules}),
     * nested; or, as az and the REST API list them one level at a time, also the flat lists
     * {@code networkGroupStaticMembers}, {@code securityAdminRuleCollections} and
     * {@code securityAdminRules}, each entry attached to its parent by its resource id; and so the
     * entries of an ARM {@code resources} list of those child types. Groups and configurations
     * already read (from {@code resources}) are taken out of {@code resources} and put back complete.
     */
    private static void readAvnm(JsonNode root, List<PolicyResource> resources) throws PolicyValidationException {
        Map<String, NetworkGroup> groups = new LinkedHashMap<>();
        Map<String, SecurityAdminConfiguration> configs = new LinkedHashMap<>();
        for (java.util.Iterator<PolicyResource> it = resources.iterator(); it.hasNext();) {
            PolicyResource r = it.next();
            if (r instanceof NetworkGroup g) {
                groups.put(g.key(), g);
                it.remove();
            } else if (r instanceof SecurityAdminConfiguration c) {
                configs.put(c.key(), c);
                it.remove();
            }
        }
        for (JsonNode n : array(root, "networkGroups", "snapshot")) {
            NetworkGroup g = readNetworkGroup(n);
            if (groups.put(g.key(), g) != null) {
                throw new PolicyValidationException(describe(g), "id", "the same id appears twice in the snapshot");
            }
        }
        int i = 0;
        for (JsonNode m : withArmEntries(root, "networkGroupStaticMembers", STATIC_MEMBER_TYPE)) {
            String at = "networkGroupStaticMembers[" + i++ + "]";
            String[] idName = idAndName(m, "networkGroupStaticMember");
            String parent = parentId(idName[0], "/staticMembers/");
            NetworkGroup g = parent == null ? null : groups.get(PolicyResource.keyOf(parent));
            if (g == null) {
                throw new PolicyValidationException("snapshot", at + ".id",
                        "static member '" + idName[0] + "' belongs to no network group of networkGroups");
            }
            List<String> members = new ArrayList<>(g.memberVirtualNetworkIds());
            members.add(staticMember(m, describe(g), at));
            groups.put(g.key(), new NetworkGroup(g.id(), g.name(), members));
        }
        for (JsonNode n : array(root, "securityAdminConfigurations", "snapshot")) {
            SecurityAdminConfiguration c = readAdminConfiguration(n);
            if (configs.put(c.key(), c) != null) {
                throw new PolicyValidationException(describe(c), "id", "the same id appears twice in the snapshot");
            }
        }
        i = 0;
        for (JsonNode rc : withArmEntries(root, "securityAdminRuleCollections", RULE_COLLECTION_TYPE)) {
            String at = "securityAdminRuleCollections[" + i++ + "]";
            String id = text(rc, "id");
            String parent = id == null ? null : parentId(id, "/ruleCollections/");
            SecurityAdminConfiguration c = parent == null ? null : configs.get(PolicyResource.keyOf(parent));
            if (c == null) {
                throw new PolicyValidationException("snapshot", at + ".id", id == null ? "missing"
                        : "rule collection '" + id + "' belongs to no configuration of securityAdminConfigurations");
            }
            List<SecurityAdminConfiguration.RuleCollection> collections = new ArrayList<>(c.ruleCollections());
            collections.add(readRuleCollection(rc, describe(c), at));
            configs.put(c.key(), new SecurityAdminConfiguration(c.id(), c.name(), c.resourceGuid(), collections));
        }
        i = 0;
        for (JsonNode r : withArmEntries(root, "securityAdminRules", ADMIN_RULE_TYPE)) {
            String at = "securityAdminRules[" + i++ + "]";
            String id = text(r, "id");
            String collectionId = id == null ? null : parentId(id, "/rules/");
            String configId = collectionId == null ? null : parentId(collectionId, "/ruleCollections/");
            SecurityAdminConfiguration c = configId == null ? null : configs.get(PolicyResource.keyOf(configId));
            int index = -1;
            for (int k = 0; c != null && k < c.ruleCollections().size(); k++) {
                if (c.ruleCollections().get(k).id() != null && c.ruleCollections().get(k).id().equalsIgnoreCase(collectionId)) {
                    index = k;
                }
            }
            if (index < 0) {
                throw new PolicyValidationException("snapshot", at + ".id", id == null ? "missing"
                        : "security admin rule '" + id + "' belongs to no rule collection of the snapshot");
            }
            SecurityAdminConfiguration.RuleCollection rc = c.ruleCollections().get(index);
            List<SecurityAdminRule> rules = new ArrayList<>(rc.rules());
            rules.add(readAdminRule(r, describe(c), at));
            checkAdminRuleNames(rules, describe(c), "ruleCollections['" + rc.name() + "']");
            List<SecurityAdminConfiguration.RuleCollection> collections = new ArrayList<>(c.ruleCollections());
            collections.set(index, new SecurityAdminConfiguration.RuleCollection(rc.id(), rc.name(), rc.appliesToGroupIds(), rules));
            configs.put(c.key(), new SecurityAdminConfiguration(c.id(), c.name(), c.resourceGuid(), collections));
        }
        resources.addAll(groups.values());
        resources.addAll(configs.values());
    }

    /** The entries of a flat top-level list, then those of the ARM {@code resources} list of the given type. */
    private static List<JsonNode> withArmEntries(JsonNode root, String key, String armType) throws PolicyValidationException {
        List<JsonNode> out = new ArrayList<>();
        array(root, key, "snapshot").forEach(out::add);
        JsonNode list = get(root, "resources");
        if (list != null && list.isArray()) {
            for (JsonNode n : list) {
                if (armType.equals(lower(text(n, "type")))) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** The id of the resource a child id belongs to: everything before {@code /<children>/} (any case), or null. */
    private static String parentId(String id, String children) {
        int at = id.toLowerCase(Locale.ROOT).lastIndexOf(children.toLowerCase(Locale.ROOT));
        return at <= 0 ? null : id.substring(0, at);
    }

    /** A child list, nested in the resource itself or under its properties. */
    private static Iterable<JsonNode> children(JsonNode n, String field, String what) throws PolicyValidationException {
        JsonNode own = get(n, field);
        return own != null && !own.isNull() ? array(n, field, what) : array(props(n), field, what);
    }

    static NetworkGroup readNetworkGroup(JsonNode n) throws PolicyValidationException {
        String[] idName = idAndName(n, "networkGroup");
        String what = "networkGroup '" + idName[1] + "'";
        List<String> members = new ArrayList<>();
        int i = 0;
        for (JsonNode m : children(n, "staticMembers", what)) {
            members.add(staticMember(m, what, "staticMembers[" + i++ + "]"));
        }
        return new NetworkGroup(idName[0], idName[1], members);
    }

    /** A static member's {@code resourceId} (the VNet). */
    private static String staticMember(JsonNode m, String what, String at) throws PolicyValidationException {
        String vnet = m.isTextual() ? m.asText() : text(props(m), "resourceId");
        if (vnet == null || vnet.isBlank()) {
            throw new PolicyValidationException(what, at + ".resourceId", "missing (the member VNet's resource id)");
        }
        return vnet.trim();
    }

    static SecurityAdminConfiguration readAdminConfiguration(JsonNode n) throws PolicyValidationException {
        String[] idName = idAndName(n, "securityAdminConfiguration");
        String what = "securityAdminConfiguration '" + idName[1] + "'";
        List<SecurityAdminConfiguration.RuleCollection> collections = new ArrayList<>();
        int i = 0;
        for (JsonNode rc : children(n, "ruleCollections", what)) {
            collections.add(readRuleCollection(rc, what, "ruleCollections[" + i++ + "]"));
        }
        Set<String> names = new HashSet<>();
        for (SecurityAdminConfiguration.RuleCollection rc : collections) {
            if (!names.add(rc.name().toLowerCase(Locale.ROOT))) {
                throw new PolicyValidationException(what, "ruleCollections['" + rc.name() + "'].name", "two rule collections have this name");
            }
        }
        return new SecurityAdminConfiguration(idName[0], idName[1], text(props(n), "resourceGuid"), collections);
    }

    private static SecurityAdminConfiguration.RuleCollection readRuleCollection(JsonNode rc, String what, String path)
            throws PolicyValidationException {
        String id = text(rc, "id");
        String name = childName(rc, what, path);
        String at = "ruleCollections['" + name + "']";
        List<String> groups = new ArrayList<>();
        JsonNode applies = get(props(rc), "appliesToGroups");
        if (applies != null && !applies.isNull()) {
            if (!applies.isArray()) {
                throw new PolicyValidationException(what, at + ".appliesToGroups", "expected an array of {\"networkGroupId\": ...}");
            }
            for (JsonNode g : applies) {
                String gid = g.isTextual() ? g.asText() : text(g, "networkGroupId");
                if (gid == null || gid.isBlank()) {
                    throw new PolicyValidationException(what, at + ".appliesToGroups", "an entry has no networkGroupId");
                }
                groups.add(gid.trim());
            }
        }
        List<SecurityAdminRule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : children(rc, "rules", what)) {
            rules.add(readAdminRule(r, what, at + ".rules[" + i++ + "]"));
        }
        checkAdminRuleNames(rules, what, at);
        return new SecurityAdminConfiguration.RuleCollection(id, name, groups, rules);
    }

    private static void checkAdminRuleNames(List<SecurityAdminRule> rules, String what, String at) throws PolicyValidationException {
        Set<String> names = new HashSet<>();
        for (SecurityAdminRule r : rules) {
            if (!names.add(r.name().toLowerCase(Locale.ROOT))) {
                throw new PolicyValidationException(what, at + ".rules['" + r.name() + "'].name", "two rules have this name");
            }
        }
    }

    private static SecurityAdminRule readAdminRule(JsonNode r, String what, String path) throws PolicyValidationException {
        String id = text(r, "id");
        String name = childName(r, what, path);
        String at = "rules['" + name + "']";
        JsonNode p = props(r);
        int priority = priority(p, what, at, 1, 4096);
        Direction direction = direction(p, what, at);
        AdminAction action;
        try {
            action = AdminAction.parse(text(p, "access"));
        } catch (IllegalArgumentException e) {
            throw new PolicyValidationException(what, at + ".access", e.getMessage());
        }
        String protocol = protocol(p, what, at);
        return new SecurityAdminRule(id, name, priority, direction, action, protocol,
                adminAddresses(p, "sources", what, at), adminPorts(p, "sourcePortRanges", what, at),
                adminAddresses(p, "destinations", what, at), adminPorts(p, "destinationPortRanges", what, at));
    }

    /**
     * {@code sources} / {@code destinations}: {@code {"addressPrefixType": "IPPrefix" | "ServiceTag" |
     * "NetworkGroup", "addressPrefix": ...}}; none means any address.
     */
    private static List<String> adminAddresses(JsonNode p, String field, String what, String at) throws PolicyValidationException {
        JsonNode a = get(p, field);
        List<String> out = new ArrayList<>();
        if (a == null || a.isNull()) {
            return List.of("*");
        }
        if (!a.isArray()) {
            throw new PolicyValidationException(what, at + "." + field, "expected an array of {\"addressPrefixType\", \"addressPrefix\"}");
        }
        int i = 0;
        for (JsonNode e : a) {
            String f = at + "." + field + "[" + i++ + "]";
            String prefix = e.isTextual() ? e.asText() : text(e, "addressPrefix");
            String type = e.isTextual() ? null : lower(text(e, "addressPrefixType"));
            if (prefix == null || prefix.isBlank()) {
                throw new PolicyValidationException(what, f + ".addressPrefix", "missing");
            }
            prefix = prefix.trim();
            if ("networkgroup".equals(type)) {
                out.add(SecurityAdminRule.NETWORK_GROUP_ENTRY + prefix);
                continue;
            }
            AddressEntry entry;
            try {
                entry = AddressEntry.parse(prefix);
            } catch (IllegalArgumentException ex) {
                throw new PolicyValidationException(what, f + ".addressPrefix", ex.getMessage());
            }
            boolean tag = entry.kind() != AddressEntry.Kind.PREFIX && entry.kind() != AddressEntry.Kind.ANY;
            if ("ipprefix".equals(type) && tag || "servicetag".equals(type) && !tag) {
                throw new PolicyValidationException(what, f + ".addressPrefix",
                        "'" + prefix + "' is not " + ("ipprefix".equals(type) ? "an IP prefix" : "a service tag"));
            }
            if (type != null && !type.isEmpty() && !type.equals("ipprefix") && !type.equals("servicetag")) {
                throw new PolicyValidationException(what, f + ".addressPrefixType",
                        "expected IPPrefix, ServiceTag or NetworkGroup, not '" + text(e, "addressPrefixType") + "'");
            }
            out.add(prefix);
        }
        return out.isEmpty() ? List.of("*") : out;
    }

    /** Port ranges; none means any port. */
    private static List<String> adminPorts(JsonNode p, String field, String what, String at) throws PolicyValidationException {
        List<String> out = new ArrayList<>();
        for (String s : stringArray(get(p, field))) {
            if (s.isBlank()) {
                continue;
            }
            try {
                PortRange.parse(s.trim());
            } catch (IllegalArgumentException e) {
                throw new PolicyValidationException(what, at + "." + field, e.getMessage());
            }
            out.add(s.trim());
        }
        return out.isEmpty() ? List.of("*") : out;
    }

    static NetworkInterface readNic(JsonNode n) throws PolicyValidationException {
        String[] idName = idAndName(n, "networkInterface");
        String what = "networkInterface '" + idName[1] + "'";
        JsonNode p = props(n);
        List<NetworkInterface.IpConfiguration> configs = new ArrayList<>();
        int i = 0;
        for (JsonNode c : array(p, "ipConfigurations", what)) {
            String at = "ipConfigurations[" + i++ + "]";
            JsonNode cp = props(c);
            String ip = text(cp, "privateIPAddress");
            if (ip == null) {
                throw new PolicyValidationException(what, at + ".privateIPAddress", "missing");
            }
            ip = ip.trim();
            Integer length = prefixLength(cp, ip, what, at);
            String address = ip.indexOf('/') < 0 ? ip : ip.substring(0, ip.indexOf('/'));
            String subnet = refId(cp, "subnet");
            if (subnet == null) {
                throw new PolicyValidationException(what, at + ".subnet.id", "missing");
            }
            configs.add(new NetworkInterface.IpConfiguration(text(c, "name"), address, length, subnet,
                    ids(cp, "applicationSecurityGroups", what, at)));
        }
        if (configs.isEmpty()) {
            throw new PolicyValidationException(what, "ipConfigurations", "a NIC needs at least one IP configuration");
        }
        String mac = text(p, "macAddress");
        if (mac != null && !mac.isBlank() && MacAddress.armFormat(mac) == null) {
            throw new PolicyValidationException(what, "macAddress", "not a MAC address: '" + mac + "'");
        }
        return new NetworkInterface(idName[0], idName[1], mac == null || mac.isBlank() ? null : mac,
                refId(p, "networkSecurityGroup"), configs);
    }

    /**
     * The block length of an IP configuration: {@code privateIPAddress} is a single address or a
     * CIDR block {@code address/length}, and {@code privateIPAddressPrefixLength} may give the
     * length too (they must agree); null for a single address. The address must be the block's
     * first (no host bits set).
     */
    private static Integer prefixLength(JsonNode cp, String ip, String what, String at) throws PolicyValidationException {
        int slash = ip.indexOf('/');
        IpAddress address = IpAddress.tryParse(slash < 0 ? ip : ip.substring(0, slash));
        if (address == null || slash >= 0 && IpPrefix.tryParse(ip) == null) {
            throw new PolicyValidationException(what, at + ".privateIPAddress",
                    "not an IP address or CIDR block: '" + ip + "'");
        }
        int max = address.isIpv4() ? 32 : 128;
        Integer fromText = slash < 0 ? null : Integer.parseInt(ip.substring(slash + 1));
        Integer fromField = null;
        JsonNode f = get(cp, "privateIPAddressPrefixLength");
        if (f != null && !f.isNull()) {
            if (!(f.isInt() || f.isTextual() && f.asText().trim().matches("\\d{1,3}"))) {
                throw new PolicyValidationException(what, at + ".privateIPAddressPrefixLength", "not an integer: '" + f.asText() + "'");
            }
            fromField = f.isInt() ? f.asInt() : Integer.parseInt(f.asText().trim());
            if (fromField < 0 || fromField > max) {
                throw new PolicyValidationException(what, at + ".privateIPAddressPrefixLength",
                        fromField + " is out of range 0-" + max + " for " + ip);
            }
        }
        if (fromText != null && fromField != null && !fromText.equals(fromField)) {
            throw new PolicyValidationException(what, at + ".privateIPAddressPrefixLength",
                    fromField + " contradicts the block " + ip + " in privateIPAddress");
        }
        Integer length = fromText != null ? fromText : fromField;
        if (length != null) {
            IpPrefix block = IpPrefix.parse(address + "/" + length);
            if (block.firstHi() != address.hi() || block.firstLo() != address.lo()) {
                throw new PolicyValidationException(what, at + ".privateIPAddress",
                        ip + (fromText == null ? " with prefix length " + length : "") + " is not the start of its block (host bits set): the block starts at "
                                + IpAddress.of(block.firstHi(), block.firstLo()));
            }
        }
        return length;
    }

    static VirtualNetwork readVnet(JsonNode n) throws PolicyValidationException {
        String[] idName = idAndName(n, "virtualNetwork");
        String what = "virtualNetwork '" + idName[1] + "'";
        JsonNode p = props(n);
        List<String> space = stringArray(get(get(p, "addressSpace"), "addressPrefixes"));
        checkPrefixes(space, what, "addressSpace.addressPrefixes");
        List<VirtualNetwork.Subnet> subnets = new ArrayList<>();
        int i = 0;
        for (JsonNode s : array(p, "subnets", what)) {
            String name = text(s, "name");
            String at = "subnets[" + i++ + "]";
            if (name == null) {
                throw new PolicyValidationException(what, at + ".name", "missing");
            }
            String id = text(s, "id");
            if (id == null) {
                id = idName[0] + "/subnets/" + name;
            }
            JsonNode sp = props(s);
            List<String> prefixes = merged(sp, "addressPrefix");
            checkPrefixes(prefixes, what, at + ".addressPrefix");
            subnets.add(new VirtualNetwork.Subnet(id, name, prefixes, refId(sp, "networkSecurityGroup")));
        }
        List<VirtualNetwork.Peering> peerings = new ArrayList<>();
        i = 0;
        for (JsonNode pe : array(p, "virtualNetworkPeerings", what)) {
            String at = "virtualNetworkPeerings[" + i++ + "]";
            JsonNode pp = props(pe);
            List<String> remote = stringArray(get(get(pp, "remoteAddressSpace"), "addressPrefixes"));
            checkPrefixes(remote, what, at + ".remoteAddressSpace.addressPrefixes");
            peerings.add(new VirtualNetwork.Peering(text(pe, "name"), refId(pp, "remoteVirtualNetwork"), remote));
        }
        return new VirtualNetwork(idName[0], idName[1], space, subnets, peerings);
    }

    private static void checkPrefixes(List<String> prefixes, String what, String field) throws PolicyValidationException {
        for (String s : prefixes) {
            if (IpPrefix.tryParse(s) == null) {
                throw new PolicyValidationException(what, field, "not an IP prefix: '" + s + "'");
            }
        }
    }

    static ApplicationSecurityGroup readAsg(JsonNode n) throws PolicyValidationException {
        String[] idName = idAndName(n, "applicationSecurityGroup");
        return new ApplicationSecurityGroup(idName[0], idName[1]);
    }

    static ServiceTags readServiceTags(JsonNode n) throws PolicyValidationException {
        JsonNode values = n.isArray() ? n : get(n, "values");
        if (values == null || !values.isArray()) {
            throw new PolicyValidationException("serviceTags", "values", "expected an array of tags");
        }
        Map<String, List<String>> tags = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode v : values) {
            String name = text(v, "name");
            String at = "values[" + i++ + "]";
            if (name == null) {
                throw new PolicyValidationException("serviceTags", at + ".name", "missing");
            }
            List<String> prefixes = stringArray(get(props(v), "addressPrefixes"));
            checkPrefixes(prefixes, "serviceTags", "values['" + name + "'].properties.addressPrefixes");
            tags.put(name, prefixes);
        }
        return new ServiceTags(text(n, "changeNumber"), tags);
    }

    // ---- JSON helpers

    private static String[] idAndName(JsonNode n, String kind) throws PolicyValidationException {
        String id = text(n, "id");
        String name = text(n, "name");
        if (id == null || id.isBlank()) {
            throw new PolicyValidationException(kind + " '" + (name == null ? "(unnamed)" : name) + "'", "id", "missing");
        }
        if (name == null || name.isBlank()) {
            name = id.substring(id.lastIndexOf('/') + 1);
        }
        return new String[] {id, name};
    }

    /** A child resource's name: its {@code name}, else the last segment of its {@code id}; missing is an error. */
    private static String childName(JsonNode n, String what, String path) throws PolicyValidationException {
        String name = text(n, "name");
        String id = text(n, "id");
        if ((name == null || name.isBlank()) && id != null) {
            name = id.substring(id.lastIndexOf('/') + 1);
        }
        if (name == null || name.isBlank()) {
            throw new PolicyValidationException(what, path + ".name", "missing");
        }
        return name;
    }

    /** The ARM shape nests fields under properties; the az shape does not. */
    private static JsonNode props(JsonNode n) {
        JsonNode p = get(n, "properties");
        return p != null && p.isObject() ? p : n;
    }

    /** Case-insensitive field lookup. */
    static JsonNode get(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode exact = n.get(field);
        if (exact != null) {
            return exact;
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(field)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = get(n, field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static String refId(JsonNode n, String field) {
        JsonNode r = get(n, field);
        if (r == null || r.isNull()) {
            return null;
        }
        String id = r.isTextual() ? r.asText() : text(r, "id");
        return id == null || id.isBlank() ? null : id;
    }

    private static Iterable<JsonNode> array(JsonNode n, String field, String what) throws PolicyValidationException {
        JsonNode a = get(n, field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new PolicyValidationException(what, field, "expected an array");
        }
        return a;
    }

    private static List<String> stringArray(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a != null && a.isArray()) {
            for (JsonNode x : a) {
                out.add(x.asText());
            }
        } else if (a != null && a.isTextual()) {
            out.add(a.asText());
        }
        return out;
    }
}
