package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "callback-set",
        description = "Each status change and reply of the account is POSTed as JSON to the URL (HTTP-6), signed with a new secret "
                + "printed once (X-Colibri-Signature: sha256=HMAC-SHA256 of the body)")
public class CallbackSet implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "url", required = true)
    String url;

    @Override
    public Object execute() {
        String secret = store.callbacks().set(store.accounts().require(email).id(), url);
        System.out.println("callbacks to " + url.strip());
        System.out.println("secret: " + secret);
        return null;
    }
}
