package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A Tomcat process running the built Tomcat WAR ({@link ServerProcess}), from the Tomcat the build unpacked
 * ({@code catalina.home}): a {@code CATALINA_BASE} of its own under {@code target/<name>-base} with free HTTP and
 * shutdown ports, the WAR deployed as {@code ROOT.war}.
 */
public final class TomcatServer extends ServerProcess {

    private TomcatServer(List<String> command, Map<String, String> environment, File log, URI base)
            throws IOException {
        super(command, environment, log, base, "startup failed due to previous errors");
    }

    /** A node with these system properties ({@code name=value}), such as {@code switchboard.cluster.members}. */
    public static TomcatServer start(String name, String... properties) throws IOException {
        String home = installation("catalina.home");
        int port = Ports.free();
        Path baseDir = freshBase(name);
        for (String dir : List.of("webapps", "logs", "temp", "work")) {
            Files.createDirectories(baseDir.resolve(dir));
        }
        Directories.copy(Path.of(home, "conf"), baseDir.resolve("conf"));
        Path serverXml = baseDir.resolve("conf").resolve("server.xml");
        Files.writeString(serverXml, Files.readString(serverXml)
                .replaceFirst("<Server port=\"\\d+\"", "<Server port=\"" + Ports.free() + "\"")
                .replaceFirst("<Connector port=\"\\d+\" protocol=\"HTTP/1.1\"",
                        "<Connector port=\"" + port + "\" protocol=\"HTTP/1.1\""));
        Files.copy(Path.of(System.getProperty("switchboard.war", "target/switchboard-tomcat.war")),
                baseDir.resolve("webapps").resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        StringJoiner options = new StringJoiner(" ");
        options.add("-Xms64m").add("-Xmx512m").add("-Dswitchboard.jwt.secret=" + TestTokens.SECRET)
                .add("-Dswitchboard.data-dir=" + baseDir.resolve("switchboard-data"));
        for (String property : properties) {
            options.add("-D" + property);
        }
        Map<String, String> environment = Map.of("CATALINA_HOME", home, "CATALINA_BASE", baseDir.toString(),
                "CATALINA_OPTS", options.toString(), "JAVA_HOME", System.getProperty("java.home"));
        return new TomcatServer(List.of(Path.of(home, "bin", "catalina.sh").toString(), "run"), environment,
                new File(target(), name + ".log"), URI.create("http://127.0.0.1:" + port + "/"));
    }
}
