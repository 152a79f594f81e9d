package io.nsgflow.synthetic;

import java.nio.charset.StandardCharsets;

/**
 * One generated document, as Azure writes it to blob storage: {@code {"records":[...]}}.
 *
 * @param name   a flat file name saying what it holds (minute, format, NSG or VNet, MAC)
 * @param json   the document
 * @param tuples flow tuples in it
 */
public record FlowLogBlob(String name, String json, int tuples) {

    public byte[] bytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
