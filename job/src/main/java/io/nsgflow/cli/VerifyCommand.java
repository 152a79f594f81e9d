package io.nsgflow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nsgflow.net.Directions;
import io.nsgflow.policy.CompiledPolicy;
import io.nsgflow.policy.PolicyVerdict;
import io.nsgflow.policy.IpFlowVerifier;
import io.nsgflow.policy.NsgVerdict;
import io.nsgflow.policy.PolicyReader;
import io.nsgflow.policy.PolicyValidationException;
import io.nsgflow.net.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** {@code nsgflow verify}: Azure's IP flow verify, offline, against a snapshot file. */
final class VerifyCommand extends OptionCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final ConfigOption<String> SNAPSHOT = ConfigOptions.key("snapshot")
            .stringType()
            .noDefaultValue()
            .withDescription("Policy snapshot file (ARM REST or az CLI JSON, see the snapshot format in README); its"
                    + " effectiveFrom is optional and not used: the snapshot is judged as written.");

    static final ConfigOption<String> QUERIES = ConfigOptions.key("queries")
            .stringType()
            .noDefaultValue()
            .withDescription("File of queries, one JSON object per line: {\"direction\", \"protocol\", \"localIPAddress\","
                    + " \"localPort\", \"remoteIPAddress\", \"remotePort\", \"targetResourceId\"?} (IP flow verify's"
                    + " names); '-' reads standard input. Instead of the query options.");

    static final ConfigOption<String> FORMAT = ConfigOptions.key("format")
            .stringType()
            .defaultValue("json")
            .withDescription("Output: json (one JSON object per query) or text (for people).");

    static final ConfigOption<String> DIRECTION = ConfigOptions.key("direction")
            .stringType()
            .noDefaultValue()
            .withDescription("Query option: Inbound or Outbound, seen from the NIC.");

    static final ConfigOption<String> PROTOCOL = ConfigOptions.key("protocol")
            .stringType()
            .noDefaultValue()
            .withDescription("Query option: TCP, UDP, ICMP, ESP, AH or an IANA protocol number.");

    static final ConfigOption<String> LOCAL_IP = ConfigOptions.key("local-ip")
            .stringType()
            .noDefaultValue()
            .withDescription("Query option: the NIC's address.");

    static final ConfigOption<String> LOCAL_PORT = ConfigOptions.key("local-port")
            .stringType()
            .noDefaultValue()
            .withDescription("Query option: the port at the NIC (TCP and UDP; other protocols have none).");

    static final ConfigOption<String> REMOTE_IP = ConfigOptions.key("remote-ip")
            .stringType()
            .noDefaultValue()
            .withDescription("Query option: the address of the other end.");

    static final ConfigOption<String> REMOTE_PORT = ConfigOptions.key("remote-port")
            .stringType()
            .noDefaultValue()
            .withDescription("Query option: the port of the other end (TCP and UDP; other protocols have none).");

    static final ConfigOption<String> NIC = ConfigOptions.key("nic")
            .stringType()
            .noDefaultValue()
            .withDescription("Query option: the NIC, by name or resource id (default: the NIC that has --local-ip).");

    /** The options that make one query, in the order of IP flow verify's parameters. */
    private static final List<ConfigOption<String>> QUERY_OPTIONS =
            List.of(DIRECTION, PROTOCOL, LOCAL_IP, LOCAL_PORT, REMOTE_IP, REMOTE_PORT, NIC);

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "offline IP flow verify: which NSG rule allows or denies a flow";
    }

    @Override
    List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all = new ArrayList<>(List.of(SNAPSHOT, QUERIES, FORMAT));
        all.addAll(QUERY_OPTIONS);
        return List.copyOf(all);
    }

    @Override
    Set<String> required() {
        return Set.of(SNAPSHOT.key());
    }

    @Override
    String usage() {
        return "--snapshot FILE (--queries FILE | --direction D --protocol P --local-ip IP [--local-port N]"
                + " --remote-ip IP [--remote-port N] [--nic NAME_OR_ID]) [--format json|text]";
    }

    @Override
    List<String> about() {
        return List.of("Answers like Azure's IP flow verify, offline: access, the deciding rule and NSG (the one that"
                + " writes the flow log: the first NSG that denies, else the last that allows), and the trace.");
    }

    @Override
    List<String> epilogue() {
        return List.of("Exit codes: 0 every query answered; 3 some query could not be answered (an error line is"
                + " written for it); 2 bad options or an invalid snapshot.");
    }

    @Override
    int run(CommandLineConfiguration.CommandLine commandLine, InputStream in, PrintStream out, PrintStream err) {
        Configuration opts = commandLine.config();
        String format = opts.get(FORMAT).toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("text")) {
            return usageError(err, "option --" + FORMAT.key() + " must be json or text, not '" + opts.get(FORMAT) + "'");
        }
        boolean anyQueryOption = QUERY_OPTIONS.stream().anyMatch(opts::contains);
        if (opts.contains(QUERIES) == anyQueryOption) {
            return usageError(err, "give either --queries FILE or the query options (--direction ... --remote-port), not "
                    + (anyQueryOption ? "both" : "neither"));
        }
        List<IpFlowVerifier.Query> queries = new ArrayList<>();
        List<String> queryErrors = new ArrayList<>();
        if (anyQueryOption) {
            for (ConfigOption<String> required : List.of(DIRECTION, PROTOCOL, LOCAL_IP, REMOTE_IP)) {
                if (!opts.contains(required)) {
                    return usageError(err, "missing --" + required.key());
                }
            }
            int protocol = Protocol.parseFlow(opts.get(PROTOCOL));
            for (ConfigOption<String> port : List.of(LOCAL_PORT, REMOTE_PORT)) {
                if (Protocol.hasPorts(protocol) && !opts.contains(port)) {
                    return usageError(err, "missing --" + port.key() + " (TCP and UDP have ports; ICMP, ESP, AH and"
                            + " other protocols need none)");
                }
            }
            queries.add(new IpFlowVerifier.Query(opts.get(DIRECTION), opts.get(PROTOCOL), opts.get(LOCAL_IP),
                    opts.get(LOCAL_PORT), opts.get(REMOTE_IP), opts.get(REMOTE_PORT), opts.get(NIC)));
            queryErrors.add(null);
        } else {
            try {
                readQueries(opts.get(QUERIES), in, queries, queryErrors);
            } catch (IOException e) {
                return usageError(err, "cannot read --queries " + opts.get(QUERIES) + ": " + e.getMessage());
            }
        }
        CompiledPolicy policy;
        try {
            policy = CompiledPolicy.compile(PolicyReader.readSnapshot(Path.of(opts.get(SNAPSHOT))));
        } catch (PolicyValidationException e) {
            err.println("nsgflow verify: invalid snapshot " + opts.get(SNAPSHOT) + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        IpFlowVerifier verifier = new IpFlowVerifier(policy);
        boolean allAnswered = true;
        for (int i = 0; i < queries.size(); i++) {
            IpFlowVerifier.Answer a = queryErrors.get(i) != null ? null : verifier.verify(queries.get(i));
            String error = queryErrors.get(i) != null ? queryErrors.get(i) : a.error();
            if (error != null) {
                allAnswered = false;
            }
            if (format.equals("json")) {
                out.println(json(i + 1, a, error));
            } else {
                text(out, i + 1, a, error);
            }
        }
        out.flush();
        return allAnswered ? 0 : EXIT_PARTIAL;
    }

    /** Each non-blank line is one query; an unreadable line becomes an error answer, in its place. */
    private static void readQueries(String file, InputStream stdin, List<IpFlowVerifier.Query> queries, List<String> errors)
            throws IOException {
        BufferedReader reader = file.equals("-")
                ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        try (reader) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode q = JSON.readTree(line);
                    if (q == null || !q.isObject()) {
                        throw new IllegalArgumentException("expected a JSON object");
                    }
                    queries.add(new IpFlowVerifier.Query(field(q, "direction"), field(q, "protocol"),
                            field(q, "localIPAddress"), field(q, "localPort"), field(q, "remoteIPAddress"),
                            field(q, "remotePort"), field(q, "targetResourceId")));
                    errors.add(null);
                } catch (JsonProcessingException e) {
                    queries.add(null);
                    errors.add("line " + n + ": not valid JSON: " + e.getOriginalMessage());
                } catch (IllegalArgumentException e) {
                    queries.add(null);
                    errors.add("line " + n + ": " + e.getMessage());
                }
            }
        }
    }

    private static String field(JsonNode q, String name) {
        JsonNode v = q.get(name);
        if (v == null) {
            // IP flow verify's names, in any case
            var it = q.fieldNames();
            while (it.hasNext()) {
                String k = it.next();
                if (k.equalsIgnoreCase(name)) {
                    v = q.get(k);
                    break;
                }
            }
        }
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String json(int index, IpFlowVerifier.Answer a, String error) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (error != null) {
            o.put("query", index);
            o.put("error", error);
        } else {
            PolicyVerdict d = a.decision();
            o.put("access", d.access().azureName());
            o.put("ruleName", d.ruleName());
            o.put("nsg", d.nsgName());
            List<Map<String, Object>> trace = new ArrayList<>();
            if (d.admin() != null) {
                // the AVNM security admin rule, evaluated before the NSGs
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("securityAdminConfiguration", d.admin().configurationName());
                t.put("ruleCollection", d.admin().ruleCollectionName());
                t.put("appliedAt", "virtualNetwork");
                t.put("ruleName", d.admin().ruleName());
                t.put("priority", d.admin().rule().priority());
                t.put("access", d.admin().action().azureName());
                trace.add(t);
            }
            for (NsgVerdict v : d.trace()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("nsg", v.nsgName());
                t.put("appliedAt", v.appliedAt().name().toLowerCase(Locale.ROOT));
                t.put("ruleName", v.ruleName());
                t.put("access", v.access().azureName());
                trace.add(t);
            }
            o.put("trace", trace);
            o.put("nic", a.nic().name());
            if (d.byPlatform()) {
                o.put("note", "allowed by the Azure platform (168.63.129.16 / 169.254.169.254), not by an NSG rule");
            }
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(PrintStream out, int index, IpFlowVerifier.Answer a, String error) {
        if (error != null) {
            out.println("query " + index + ": ERROR " + error);
            return;
        }
        PolicyVerdict d = a.decision();
        out.printf("query %d: %s %s local %s:%d remote %s:%d at NIC %s%n", index, Directions.azureName(a.direction()),
                Protocol.name(a.protocol()).toUpperCase(java.util.Locale.ROOT), a.localIp(), a.localPort(), a.remoteIp(), a.remotePort(), a.nic().name());
        String by = d.deciding() != null ? "by " + d.ruleName() + " of NSG " + d.nsgName()
                : d.decidedByAdmin() ? "by AVNM security admin rule " + d.ruleName() + " (" + d.admin().action().azureName()
                        + ": no NSG evaluated)"
                : d.byPlatform() ? "by the Azure platform (no NSG rule applies)" : "(no NSG applies)";
        out.println("  " + d.access().azureName() + " " + by);
        if (d.admin() != null) {
            out.printf("    %-7s %-24s %-45s %s%n", "vnet", d.admin().configurationName(), d.admin().ruleName(),
                    d.admin().action().azureName());
        }
        for (NsgVerdict v : d.trace()) {
            out.printf("    %-7s %-24s %-45s %s%n", v.appliedAt().name().toLowerCase(Locale.ROOT), v.nsgName(),
                    v.ruleName(), v.access().azureName());
        }
    }
}
