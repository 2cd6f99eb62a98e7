package io.switchboard;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Http;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable default on WildFly and Tomcat: undeploying and deploying the application again (what a server restart
 * does to it) keeps each topic's epoch, offsets and history in the embedded database. (On Payara Micro, whose
 * adapter starts a server per deployment, DurabilityIT stops, kills and restarts the server instead.)
 */
@ExtendWith(ArquillianExtension.class)
class RedeployIT {

    private static final String HUB = "hub";
    private static final String PROBE = "probe";
    private static final File DATA = new File(System.getProperty("project.build.directory", "target"),
            "it-data/redeploy-" + System.nanoTime());

    @Deployment(name = HUB, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.switchboard("", DATA);
    }

    /** Deployed for the test's whole life, only to learn the server's address: the hub's is known once deployed. */
    @Deployment(name = PROBE, testable = false)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "probe.war").addAsWebResource(new StringAsset("probe"), "index.html");
    }

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment(PROBE)
    URL probe;

    @Test
    void aRedeployedApplicationKeepsEachTopicsEpochOffsetsAndHistory() {
        deployer.deploy(HUB);
        URI base = Deployments.loopback(probe).resolve("/");
        String epoch = null;
        for (int i = 1; i <= 5; i++) {
            epoch = Http.object(Http.anonymous(base).post("api/topics/public.kept/messages", "{\"n\":" + i + "}"))
                    .getString("epoch");
        }
        deployer.undeploy(HUB);
        deployer.deploy(HUB);
        try {
            JsonObject history = Http.object(Http.anonymous(base).get("api/topics/public.kept/messages"));
            assertEquals(epoch, history.getString("epoch"));
            assertTrue(history.getBoolean("recovered"));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), history.getJsonArray("messages").stream()
                    .map(m -> m.asJsonObject().getJsonNumber("offset").longValue()).toList());
        } finally {
            deployer.undeploy(HUB);
        }
    }
}
