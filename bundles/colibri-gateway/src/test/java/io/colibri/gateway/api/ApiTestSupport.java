package io.colibri.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colibri.gateway.RouteTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The JSON API over real HTTP, on the gateway's own server, with an account's key. */
abstract class ApiTestSupport extends RouteTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A new account with these credits: "email password key". */
    String newApiAccount(int credits) {
        String account = newAccount(credits);
        return account + " " + store.apiKeys().createFor(account.split(" ")[0]).key();
    }

    static String key(String apiAccount) {
        return apiAccount.split(" ")[2];
    }

    long accountId(String account) {
        return store.accounts().require(account.split(" ")[0]).id();
    }

    HttpRequest.Builder api(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1" + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    HttpResponse<String> call(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getApi(String path, String key) throws Exception {
        return call(api(path, key).GET().build());
    }

    HttpResponse<String> postJson(String path, String key, String json) throws Exception {
        return call(api(path, key).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String path, String key) throws Exception {
        return call(api(path, key).DELETE().build());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
