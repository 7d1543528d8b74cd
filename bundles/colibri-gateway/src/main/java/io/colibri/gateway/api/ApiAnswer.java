package io.colibri.gateway.api;

/**
 * What an operation of the API answers: its HTTP status and its body, an object written as JSON
 * (null for none, as a 204); for the console's login and logout, the session cookie it sets.
 */
public record ApiAnswer(int status, Object body, String setCookie) {
    public ApiAnswer(int status, Object body) {
        this(status, body, null);
    }

    public static ApiAnswer ok(Object body) {
        return new ApiAnswer(200, body);
    }

    public static ApiAnswer created(Object body) {
        return new ApiAnswer(201, body);
    }

    /** The body as the JSON the API writes (an answer kept for an idempotency key: as it was kept). */
    public String json() {
        return body == null ? null : body instanceof Idempotency.Raw raw ? raw.json() : ApiJson.write(body);
    }
}
