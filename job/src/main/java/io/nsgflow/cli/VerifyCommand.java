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

/** {@code nsgflow verify}: Azure's IP flow verify, offline, against a snapshot file. */
final class VerifyCommand implements Command {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> QUERY_OPTIONS =
            List.of("--direction", "--protocol", "--local-ip", "--local-port", "--remote-ip", "--remote-port", "--nic");

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "offline IP flow verify: which NSG rule allows or denies a flow";
    }

    private static void help(PrintStream out) {
        out.println("usage: nsgflow verify --snapshot FILE (--queries FILE | QUERY OPTIONS) [--format json|text]");
        out.println();
        out.println("Answers like Azure's IP flow verify, offline: access, the deciding rule and NSG (the one that");
        out.println("writes the flow log: the first NSG that denies, else the last that allows), and the trace.");
        out.println();
        out.println("  --snapshot FILE      policy snapshot (ARM or az CLI JSON; its effectiveFrom is optional and not used: the snapshot is judged as written)");
        out.println("  --queries FILE       JSON lines, each {\"direction\", \"protocol\", \"localIPAddress\", \"localPort\",");
        out.println("                       \"remoteIPAddress\", \"remotePort\", [\"targetResourceId\"]}; '-' reads stdin");
        out.println("  --direction D        Inbound or Outbound");
        out.println("  --protocol P         TCP, UDP, ICMP, ESP, AH or an IANA protocol number");
        out.println("  --local-ip IP        the NIC's address");
        out.println("  --local-port N");
        out.println("  --remote-ip IP");
        out.println("  --remote-port N");
        out.println("  --nic NAME_OR_ID     the NIC (default: the NIC that has --local-ip)");
        out.println("  --format json|text   output: one JSON object per query (default), or text for people");
        out.println();
        out.println("Exit codes: 0 every query answered; 3 some query could not be answered (an error line is");
        out.println("written for it); 2 bad options or an invalid snapshot.");
    }

    @Override
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                help(out);
                return 0;
            }
            if (!a.equals("--snapshot") && !a.equals("--queries") && !a.equals("--format") && !QUERY_OPTIONS.contains(a)) {
                return usage(err, "unknown option '" + a + "'");
            }
            if (i + 1 >= args.length) {
                return usage(err, "option " + a + " needs a value");
            }
            if (opts.put(a, args[++i]) != null) {
                return usage(err, "option " + a + " given twice");
            }
        }
        String format = opts.getOrDefault("--format", "json").toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("text")) {
            return usage(err, "--format must be json or text, not '" + opts.get("--format") + "'");
        }
        if (!opts.containsKey("--snapshot")) {
            return usage(err, "--snapshot FILE is required");
        }
        boolean anyQueryOption = QUERY_OPTIONS.stream().anyMatch(opts::containsKey);
        if (opts.containsKey("--queries") == anyQueryOption) {
            return usage(err, "give either --queries FILE or the query options (--direction ... --remote-port), not "
                    + (anyQueryOption ? "both" : "neither"));
        }
        List<IpFlowVerifier.Query> queries = new ArrayList<>();
        List<String> queryErrors = new ArrayList<>();
        if (anyQueryOption) {
            for (String required : QUERY_OPTIONS.subList(0, 6)) {
                if (!opts.containsKey(required)) {
                    return usage(err, "missing " + required);
                }
            }
            queries.add(new IpFlowVerifier.Query(opts.get("--direction"), opts.get("--protocol"), opts.get("--local-ip"),
                    opts.get("--local-port"), opts.get("--remote-ip"), opts.get("--remote-port"), opts.get("--nic")));
            queryErrors.add(null);
        } else {
            try {
                readQueries(opts.get("--queries"), in, queries, queryErrors);
            } catch (IOException e) {
                return usage(err, "cannot read --queries " + opts.get("--queries") + ": " + e.getMessage());
            }
        }
        CompiledPolicy policy;
        try {
            policy = CompiledPolicy.compile(PolicyReader.readSnapshot(Path.of(opts.get("--snapshot"))));
        } catch (PolicyValidationException e) {
            err.println("nsgflow verify: invalid snapshot " + opts.get("--snapshot") + ": " + e.getMessage());
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

    private static int usage(PrintStream err, String message) {
        err.println("nsgflow verify: " + message);
        err.println("Run 'nsgflow verify --help' for the options.");
        return EXIT_USAGE;
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
                : d.byPlatform() ? "by the Azure platform (no NSG rule applies)" : "(no NSG applies)";
        out.println("  " + d.access().azureName() + " " + by);
        for (NsgVerdict v : d.trace()) {
            out.printf("    %-7s %-24s %-45s %s%n", v.appliedAt().name().toLowerCase(Locale.ROOT), v.nsgName(),
                    v.ruleName(), v.access().azureName());
        }
    }
}
