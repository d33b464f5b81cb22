package io.jloadgen.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON of the control protocol, read with explicit limits (CVE-2016-4303 was a JSON parser overflow in
 * iperf3): bounded nesting, string, number and document sizes; duplicate keys rejected.
 */
public final class JsonCodec {
    /** Parameters are well under 8 KiB in practice; a generous cap still refuses absurd sizes. */
    public static final int MAX_PARAMETERS_BYTES = 64 * 1024;
    /** Results carry per-stream totals and optionally the server's whole text output. */
    public static final int MAX_RESULTS_BYTES = 8 * 1024 * 1024;

    private static final ObjectMapper MAPPER = create();

    private JsonCodec() {
    }

    private static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxStringLength(MAX_RESULTS_BYTES)
                        .maxNumberLength(40)
                        .maxDocumentLength(MAX_RESULTS_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** Parses a JSON object; anything else (array, scalar, malformed, invalid UTF-8) is a protocol error. */
    public static JsonNode parseObject(byte[] bytes) throws ProtocolException {
        String text;
        try {
            // Jackson's UTF-8 reader lets overlong forms (C0 AF for '/') through; the JDK's strict decoder
            // refuses every ill-formed sequence, so only well-formed UTF-8 reaches the parser.
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("malformed JSON: invalid UTF-8 (" + e.getClass().getSimpleName() + ")");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ProtocolException("expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ProtocolException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new ProtocolException("unreadable JSON: " + e.getMessage(), e);
        }
    }

    public static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }
}
