package io.colibri.gateway.shell;

import io.colibri.domain.AccountOptions;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "account-option", description = "Sets one option of an account (ACC-7): "
        + "long-sms, format, validity, duplicate-guard, landline, domtom, international, allowed-ips; "
        + "mail-registered, mail-refused, mail-finished, mail-delivered, mail-cutoff (MAIL-10, MAIL-11)")
public class AccountOption implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "key", required = true, description = "one of " + "long-sms, format, validity, "
            + "duplicate-guard, landline, domtom, international, allowed-ips, mail-registered, mail-refused, mail-finished, "
            + "mail-delivered, mail-cutoff")
    String key;

    @Argument(index = 2, name = "value", required = false, description = "on/off; normal, flash, normal+flash; "
            + "1h..72h; comma-separated addresses and CIDR networks (empty = any); mail-cutoff: 19:00..00:00 (empty = none)")
    String value = "";

    @Override
    public Object execute() {
        AccountOptions options = store.accounts().setOption(email, key, value);
        System.out.println(key + ": " + options.asMap().get(key));
        return null;
    }
}
