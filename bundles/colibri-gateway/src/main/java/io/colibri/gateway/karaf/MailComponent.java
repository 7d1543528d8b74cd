package io.colibri.gateway.karaf;

import io.colibri.gateway.mail.MailSettings;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Offers the gateway the settings of {@code etc/io.colibri.mail.cfg} (the sandbox's defaults when
 * the file is absent). A change of the file re-registers them, and the gateway restarts with them.
 */
@Component(immediate = true, service = {}, configurationPid = "io.colibri.mail", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class MailComponent {
    private ServiceRegistration<MailSettings> registration;

    @Activate
    void activate(Map<String, Object> properties, BundleContext bundleContext) {
        registration = bundleContext.registerService(MailSettings.class, MailSettings.from(properties), null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
