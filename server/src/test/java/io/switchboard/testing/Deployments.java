package io.switchboard.testing;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * The WAR under test is the one Maven built, deployed at the context root {@code /} as in production. Settings
 * that a test class needs differently go into {@code switchboard.properties} inside it, with a data directory of
 * its own: each deployment starts with an empty history store.
 */
public final class Deployments {

    private Deployments() {
    }

    /**
     * The deployment's URL on the loopback interface: Arquillian reports the host's name, and test traffic (load
     * tests included) must stay on 127.0.0.1.
     */
    public static URI loopback(URL deployed) {
        try {
            URI uri = deployed.toURI();
            return new URI(uri.getScheme(), null, "127.0.0.1", uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(deployed.toString(), e);
        }
    }

    public static WebArchive switchboard() {
        return switchboard("");
    }

    public static WebArchive switchboard(String properties) {
        return switchboard(properties, new File(System.getProperty("project.build.directory", "target"),
                "it-data/deployment-" + System.nanoTime()));
    }

    /** With the embedded history store in {@code dataDir}, for a test that deploys the same archive twice. */
    public static WebArchive switchboard(String properties, File dataDir) {
        File war = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, war);
        // ShrinkWrap keeps the file name; ROOT.war deploys at "/".
        WebArchive root = ShrinkWrap.create(WebArchive.class, "ROOT.war").merge(archive);
        root.addAsResource(new StringAsset(properties + "\nswitchboard.data-dir="
                + dataDir.getAbsolutePath().replace("\\", "/") + "\n"), "switchboard.properties");
        return root;
    }
}
