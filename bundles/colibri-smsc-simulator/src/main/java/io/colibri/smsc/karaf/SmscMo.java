package io.colibri.smsc.karaf;

import io.colibri.smsc.SmscSimulator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code colibri:smsc-mo FROM TO TEXT}: a phone of the sandbox replies. */
@Service
@Command(scope = "colibri", name = "smsc-mo", description = "The sandbox SMSC delivers a reply (MO) from a phone to the gateway")
public class SmscMo implements Action {
    @Reference
    SmscSimulator smsc;

    @Argument(index = 0, name = "from", required = true, description = "the phone, e.g. 33612345678")
    String from;

    @Argument(index = 1, name = "to", required = true, description = "the number it replies to (the gateway's sender)")
    String to;

    @Argument(index = 2, name = "text", required = true, multiValued = true, description = "the reply")
    java.util.List<String> text;

    @Override
    public Object execute() {
        smsc.mo(null, from, to, String.join(" ", text));
        return "reply from " + from + " on its way";
    }
}
