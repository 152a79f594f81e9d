package io.nsgflow.policy;

import io.nsgflow.net.IpPrefix;
import java.util.Locale;
import java.util.regex.Pattern;

/** One entry of a rule's source or destination: any, a prefix, or a tag. */
public record AddressEntry(Kind kind, IpPrefix prefix, String tag) {

    public enum Kind { ANY, PREFIX, VIRTUAL_NETWORK, AZURE_LOAD_BALANCER, INTERNET, SERVICE_TAG }

    private static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]*");

    /** Parses an entry; throws {@link IllegalArgumentException} when it is neither an address nor a tag name. */
    public static AddressEntry parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.equals("*") || s.equalsIgnoreCase("Any")) {
            return new AddressEntry(Kind.ANY, null, null);
        }
        IpPrefix p = IpPrefix.tryParse(s);
        if (p != null) {
            return new AddressEntry(Kind.PREFIX, p, null);
        }
        if (!TAG.matcher(s).matches()) {
            throw new IllegalArgumentException("not an IP, CIDR prefix or service tag: '" + text + "'");
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "virtualnetwork" -> new AddressEntry(Kind.VIRTUAL_NETWORK, null, s);
            case "azureloadbalancer" -> new AddressEntry(Kind.AZURE_LOAD_BALANCER, null, s);
            case "internet" -> new AddressEntry(Kind.INTERNET, null, s);
            default -> new AddressEntry(Kind.SERVICE_TAG, null, s);
        };
    }
}
