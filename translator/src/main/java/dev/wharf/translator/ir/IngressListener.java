package dev.wharf.translator.ir;

/**
 * The server side of one {@code services[]} entry of the task's own service (spec 28-30, 2.2):
 * the proxy listens at {@code bind} and forwards to the local app at {@code app}.
 *
 * @param discoveryName the Cloud Map name this listener serves; identifies the listener
 * @param bind task ingress address : ({@code ingressPortOverride} or {@code containerPort})
 * @param app app address : {@code containerPort}
 * @param protocol from the port mapping's {@code appProtocol}
 * @param timeouts from the entry's {@code timeout}, defaults applied
 * @param tls from the entry's {@code tls} (spec 54); null serves plaintext
 */
public record IngressListener(
    String discoveryName, SocketAddress bind, SocketAddress app, Protocol protocol, Timeouts timeouts, Tls tls) {}
