package io.nsgflow.evaluate;

import io.nsgflow.net.IpAddress;

/**
 * Flow addresses parsed by {@link IpAddress#tryParse}, remembered by their text in a small
 * direct-mapped table (a busy host's address is on many flows; a new text replaces the one in its
 * slot, so memory stays bounded whatever the traffic). Not thread-safe: one per operator instance.
 */
public final class ParsedAddresses {

    private static final int SLOTS = 1024; // a power of two

    private final String[] texts = new String[SLOTS];
    private final IpAddress[] addresses = new IpAddress[SLOTS];

    /** {@link IpAddress#tryParse}. */
    public IpAddress parse(String text) {
        if (text == null) {
            return null;
        }
        int h = text.hashCode();
        int i = (h ^ h >>> 16) & (SLOTS - 1);
        String known = texts[i];
        if (known == text || text.equals(known)) {
            return addresses[i];
        }
        IpAddress a = IpAddress.tryParse(text);
        if (a != null) {
            texts[i] = text;
            addresses[i] = a;
        }
        return a;
    }
}
