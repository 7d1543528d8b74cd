package io.colibri.gateway.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.gateway.TestBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManagerImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shipped etc/artemis.xml lets the broker user of service buses (role "bus") do, with
 * security on and the gateway's user (role "broker") beside it: send requests, read its own
 * reply-to, subscribe to the events durably or not; and nothing of the gateway's queues.
 */
class BusPermissionsTest {
    @TempDir
    static Path dataDir;
    static EmbeddedActiveMQ server;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("karaf.data", dataDir.toString());
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager files = new FileDeploymentManager(TestBroker.ARTEMIS_XML.toUri().toString());
        files.addDeployable(config);
        files.readConfiguration();
        try (ServerSocket s = new ServerSocket(0)) {
            url = "tcp://127.0.0.1:" + s.getLocalPort();
        }
        config.getAcceptorConfigurations().clear();
        config.addAcceptorConfiguration("test", url);
        ActiveMQSecurityManagerImpl users = new ActiveMQSecurityManagerImpl();
        users.getConfiguration().addUser("colibri", "gateway");
        users.getConfiguration().addRole("colibri", "broker");
        users.getConfiguration().addUser("bus", "esb");
        users.getConfiguration().addRole("bus", "bus");
        server = new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(users);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static Connection as(String user, String password) throws Exception {
        return as(user, password, null);
    }

    private static Connection as(String user, String password, String clientId) throws Exception {
        Connection c = new ActiveMQConnectionFactory(url, user, password).createConnection();
        if (clientId != null) {
            c.setClientID(clientId);
        }
        c.start();
        return c;
    }

    @Test
    void the_bus_user_sends_requests_reads_its_reply_to_and_subscribes_to_the_events() throws Exception {
        try (Connection bus = as("bus", "esb", "erp"); Connection gateway = as("colibri", "gateway")) {
            Session b = bus.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session g = gateway.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer durable = b.createDurableSubscriber(b.createTopic("colibri.events"), "sms", "colibriAccount = 12", false);
            MessageConsumer plain = b.createConsumer(b.createTopic("colibri.events"));
            TemporaryQueue replyTo = b.createTemporaryQueue();
            MessageConsumer answers = b.createConsumer(replyTo);

            b.createProducer(b.createQueue("colibri.inbound")).send(b.createTextMessage("{}"));
            assertThat(((TextMessage) g.createConsumer(g.createQueue("colibri.inbound")).receive(5000)).getText()).isEqualTo("{}");
            g.createProducer(replyTo).send(g.createTextMessage("answer"));
            assertThat(((TextMessage) answers.receive(5000)).getText()).isEqualTo("answer");
            TextMessage event = g.createTextMessage("event");
            event.setLongProperty("colibriAccount", 12);
            g.createProducer(g.createTopic("colibri.events")).send(event);
            assertThat(((TextMessage) durable.receive(5000)).getText()).isEqualTo("event");
            assertThat(((TextMessage) plain.receive(5000)).getText()).isEqualTo("event");

            durable.close();
            b.unsubscribe("sms");
        }
    }

    @Test
    void the_gateways_queues_the_dead_letters_and_sending_events_are_closed_to_the_bus_user() throws Exception {
        try (Connection bus = as("bus", "esb")) {
            Session b = bus.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : new String[] {"colibri.inbound", "colibri.dead", "colibri.receipts", "colibri.replies", "colibri.outbound.mobile"}) {
                assertThatThrownBy(() -> b.createConsumer(b.createQueue(queue))).as(queue).isInstanceOf(JMSSecurityException.class);
            }
            for (String queue : new String[] {"colibri.dead", "colibri.receipts", "colibri.replies", "colibri.outbound.mobile",
                    "colibri.mail.outbound"}) {
                assertThatThrownBy(() -> b.createProducer(b.createQueue(queue)).send(b.createTextMessage("1"))).as(queue)
                        .isInstanceOf(JMSSecurityException.class);
            }
            assertThatThrownBy(() -> b.createProducer(b.createTopic("colibri.events")).send(b.createTextMessage("forged")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        assertThatThrownBy(() -> as("bus", "wrong")).isInstanceOf(JMSSecurityException.class);
    }
}
