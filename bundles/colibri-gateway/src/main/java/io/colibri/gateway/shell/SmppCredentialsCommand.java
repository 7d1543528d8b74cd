package io.colibri.gateway.shell;

import io.colibri.gateway.account.SmppCredentials;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "smpp-credentials",
        description = "Gives the account an SMPP login for the SMPP server (system_id and a new 8-character password, printed once),"
                + " or with --remove takes it away")
public class SmppCredentialsCommand implements Action {
    @Reference
    Store store;

    @Option(name = "--binds", description = "binds at once (default: maxBinds of etc/io.colibri.smpp-server.cfg)")
    int binds;

    @Option(name = "--window", description = "submit_sm unanswered at once per bind (default: window of the cfg file)")
    int window;

    @Option(name = "--rate", description = "submit_sm per second per bind (default: rate of the cfg file)")
    int rate;

    @Option(name = "--remove", description = "remove the account's SMPP login (no SYSTEMID then)")
    boolean remove;

    @Argument(index = 0, name = "email", required = true, description = "the account's e-mail address")
    String email;

    @Argument(index = 1, name = "systemId", required = false, description = "its system_id, 1 to 15 characters")
    String systemId;

    @Override
    public Object execute() {
        if (remove) {
            System.out.println(store.smppCredentials().remove(email) ? "SMPP login removed" : "this account had no SMPP login");
            return null;
        }
        if (systemId == null) {
            throw new IllegalArgumentException("give the account's EMAIL and a SYSTEMID (or --remove EMAIL)");
        }
        SmppCredentials.Made made = store.smppCredentials().create(email, systemId, new SmppCredentials.Limits(binds, window, rate));
        System.out.println("system_id: " + made.esme().systemId());
        System.out.println("password: " + made.password());
        System.out.println("(shown once: only its hash is kept)");
        return null;
    }
}
