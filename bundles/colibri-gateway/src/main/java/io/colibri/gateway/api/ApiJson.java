package io.colibri.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * JSON in and out of the API: strict reading (an unknown field, a wrong type, a number where text
 * is expected are refused, so that a misspelt {@code sendAt} is never a message sent now), with
 * what is wrong said by the field's path.
 */
public final class ApiJson {
    /** Strict reading, no null written: the broker entry (bus/) reads and writes its JSON with it too. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // An absent value is left out of an answer, never written null (the document says which fields are optional).
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
        // A number or a boolean where text is expected is a mistake, not a text ("text": 12).
        var textual = MAPPER.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual);
        for (var shape : new com.fasterxml.jackson.databind.cfg.CoercionInputShape[] {
                com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
                com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean}) {
            textual.setCoercion(shape, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        }
    }

    private ApiJson() {
    }

    /** The body as this type; a 400 that names the field otherwise. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("the body is empty: a JSON object is expected");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badRequest("unknown field '" + e.getPropertyName() + "'; the fields are "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw ApiProblem.badRequest(path.isEmpty() ? "the body is not the JSON object expected"
                    : "field '" + path + "' has the wrong type or value");
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body cannot be read");
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer that cannot be written as JSON: " + value.getClass(), e);
        }
    }

    /** A time as the API writes it: RFC 3339 in UTC, its seconds always written (OffsetDateTime.toString leaves out ":00"). */
    static String time(java.time.Instant t) {
        return t == null ? null : java.time.format.DateTimeFormatter.ISO_INSTANT.format(t);
    }

    static String time(java.time.OffsetDateTime t) {
        return t == null ? null : java.time.format.DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
