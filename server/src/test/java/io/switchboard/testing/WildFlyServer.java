package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A WildFly process running the built WAR ({@link ServerProcess}), from the WildFly the build unpacked
 * ({@code jboss.home}): a server base directory of its own under {@code target/<name>-base}, its ports offset so
 * that HTTP lands on a free one, the WAR deployed as {@code ROOT.war}.
 */
public final class WildFlyServer extends ServerProcess {

    private static final int HTTP = 8080;
    /**
     * The ports of WildFly's standard socket bindings, which the offset moves with HTTP's: AJP, HTTPS, management
     * HTTP and HTTPS, and the transaction manager's two.
     */
    private static final int[] BINDINGS = {8009, HTTP, 8443, 9990, 9993, 4712, 4713};

    private WildFlyServer(List<String> command, Map<String, String> environment, File log, URI base)
            throws IOException {
        super(command, environment, log, base, "WFLYCTL0013");
    }

    /** A node with these system properties ({@code name=value}), such as {@code switchboard.cluster.members}. */
    public static WildFlyServer start(String name, String... properties) throws IOException {
        String home = installation("jboss.home");
        int port = Ports.freeWith(IntStream.of(BINDINGS).map(binding -> binding - HTTP).toArray());
        Path baseDir = freshBase(name);
        Files.createDirectories(baseDir.resolve("deployments"));
        Directories.copy(Path.of(home, "standalone", "configuration"), baseDir.resolve("configuration"));
        Files.copy(Path.of(System.getProperty("switchboard.war", "target/switchboard.war")),
                baseDir.resolve("deployments").resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(Path.of(home, "bin", "standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir, "-Djboss.socket.binding.port-offset=" + (port - HTTP),
                "-Dswitchboard.jwt.secret=" + TestTokens.SECRET,
                "-Dswitchboard.data-dir=" + baseDir.resolve("switchboard-data")));
        for (String property : properties) {
            command.add("-D" + property);
        }
        Map<String, String> environment = Map.of("JAVA_OPTS", "-Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true",
                "JAVA_HOME", System.getProperty("java.home"));
        return new WildFlyServer(List.copyOf(command), environment, new File(target(), name + ".log"),
                URI.create("http://127.0.0.1:" + port + "/"));
    }
}
