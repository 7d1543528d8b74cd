package io.colibri.gateway.route;

import io.colibri.domain.SubmitChecks.Request;
import org.apache.camel.Header;

/** The legacy {@code /http.php} interface: its parameters in, its numeric code out (HTTP-1, HTTP-5). */
public final class LegacyHttp {

    public Request request(@Header("email") String email, @Header("pass") String pass,
                           @Header("numero") String numero, @Header("message") String message) {
        return new Request(email, pass, numero, message);
    }

    /** The answer body is the code alone, as customers' scripts expect. */
    public String code(Acceptance acceptance) {
        return Integer.toString(acceptance.code().value());
    }
}
