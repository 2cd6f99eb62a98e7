package io.switchboard.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The Hazelcast member the WAR runs itself where the server has none (WildFly, Tomcat).
 *
 * @param name                {@code switchboard.cluster.name}: nodes join only a cluster of the same name
 * @param members             {@code switchboard.cluster.members}: where to find the other nodes ({@code host} or
 *                            {@code host:port}); an embedded member starts only when this or Kubernetes is set
 * @param port                {@code switchboard.cluster.port}: where this member listens
 * @param networkInterface    {@code switchboard.cluster.interface}: the address to bind and announce, or a
 *                            pattern such as {@code 10.0.*.*}; by default Hazelcast picks one
 * @param kubernetesService   {@code switchboard.cluster.kubernetes.service-name}: find the other nodes through
 *                            this (headless) service's endpoints
 * @param kubernetesNamespace {@code switchboard.cluster.kubernetes.namespace}: the service's namespace; by default
 *                            the pod's own
 */
public record MemberSettings(String name, List<String> members, int port, Optional<String> networkInterface,
                             Optional<String> kubernetesService, Optional<String> kubernetesNamespace) {

    static MemberSettings from(Settings settings) {
        return new MemberSettings(settings.get("switchboard.cluster.name").orElse("switchboard"),
                settings.list("switchboard.cluster.members", ""),
                settings.positive("switchboard.cluster.port", 5701),
                settings.get("switchboard.cluster.interface"),
                settings.get("switchboard.cluster.kubernetes.service-name"),
                settings.get("switchboard.cluster.kubernetes.namespace"));
    }

    /** Whether anything tells an embedded member where its cluster is. */
    public boolean configured() {
        return !members.isEmpty() || kubernetesService.isPresent();
    }
}
