package io.colibri.gateway.api;

import io.colibri.domain.Code;

/**
 * A refusal of the JSON API, answered as {@code application/problem+json} (RFC 9457): the HTTP
 * status, a title, what is wrong in this request and, where one applies, the /http.php code
 * (80–97) in the field {@code code}, so that integrators keep their error handling.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String title;
    private final Code code;
    private final long retryAfter;

    private ApiProblem(int status, String title, String detail, Code code, long retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** 400: the request cannot be read (not JSON, wrong types, unknown fields, a bad parameter). */
    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad request", detail, null, 0);
    }

    /** 422: read, but refused by a rule that has a legacy code (no recipient, no text, a bad date). */
    public static ApiProblem refused(Code code, String detail) {
        return new ApiProblem(422, "Refused", detail, code, 0);
    }

    /** 401: no key, a malformed, unknown or revoked one. Code 82, as a wrong login on /http.php. */
    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "Unauthorized", detail, Code.BAD_LOGIN, 0);
    }

    /** 403 with the legacy code that says why (96: the caller's address), or none (an operator's key on an account's resource). */
    public static ApiProblem forbidden(Code code, String detail) {
        return new ApiProblem(403, "Forbidden", detail, code, 0);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not found", detail, null, 0);
    }

    /** 409: the resource is not in a state that allows this (a message that left cannot be cancelled: 95). */
    public static ApiProblem conflict(Code code, String detail) {
        return new ApiProblem(409, "Conflict", detail, code, 0);
    }

    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(413, "Request too large", detail, null, 0);
    }

    public static ApiProblem unsupportedType(String detail) {
        return new ApiProblem(415, "Unsupported media type", detail, null, 0);
    }

    /** 429 with {@code Retry-After}: the key's request rate is spent. */
    public static ApiProblem tooMany(long retryAfterSeconds) {
        return new ApiProblem(429, "Too many requests", "this key's request rate is spent: try again in " + retryAfterSeconds + " s",
                null, retryAfterSeconds);
    }

    /** 429 with {@code Retry-After}: too many wrong passwords from this address or for this account; not even checked meanwhile. */
    public static ApiProblem locked(long retryAfterSeconds) {
        return new ApiProblem(429, "Too many requests", "too many wrong passwords: logins are refused for "
                + Math.max(1, retryAfterSeconds / 60) + " min, the password not even checked", Code.BAD_LOGIN, retryAfterSeconds);
    }

    /** 503: the gateway itself failed (database or broker unreachable); nothing was debited. */
    public static ApiProblem unavailable() {
        return new ApiProblem(503, "Service unavailable", "the gateway cannot serve this now; nothing was debited, try again later",
                null, 0);
    }

    /** The path's {@code {id}} as a number: anything else names nothing there (404, "no <what> …"). */
    static long id(org.apache.camel.Message in, String what) {
        String id = in.getHeader("id", String.class);
        try {
            return Long.parseLong(id == null ? "" : id.strip());
        } catch (NumberFormatException e) {
            throw notFound("no " + what + " " + id);
        }
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** The legacy code, or null. */
    public Code code() {
        return code;
    }

    /** Seconds, for a 429; 0 otherwise. */
    public long retryAfter() {
        return retryAfter;
    }
}
