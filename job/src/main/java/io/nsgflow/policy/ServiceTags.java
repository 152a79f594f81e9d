package io.nsgflow.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;

/** Microsoft's Service Tags document: tag name (case-insensitive) to address prefixes. */
public record ServiceTags(String changeNumber, Map<String, List<String>> prefixesByName) implements PolicyResource {

    /** The fixed id under which the tags document is kept in a snapshot. */
    public static final String ID = "serviceTags";

    public static final ServiceTags EMPTY = new ServiceTags(null, Map.of());

    public ServiceTags {
        Map<String, List<String>> m = new LinkedHashMap<>();
        prefixesByName.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        prefixesByName = Collections.unmodifiableMap(m);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return ID;
    }

    @Override
    public String kind() {
        return "serviceTags";
    }

    /** The prefixes of a tag, or null when the document does not list it. */
    public List<String> prefixes(String tagName) {
        return prefixesByName.get(tagName.toLowerCase(Locale.ROOT));
    }
}
