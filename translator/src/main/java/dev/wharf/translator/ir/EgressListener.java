package dev.wharf.translator.ir;

/**
 * The client side of one alias (spec 5-8, 25, 2.3): the proxy listens at {@code vip : port}
 * and balances over the {@code upstream} cluster. Protocol and timeouts are the target's (spec 39).
 *
 * @param dnsName the alias name clients resolve through the hosts file
 * @param port the alias port
 * @param vip the loopback VIP the hosts file maps {@code dnsName} to
 * @param upstream discovery name of the target, the name of an {@link Upstream} of the same proxy
 */
public record EgressListener(
    String dnsName, int port, String vip, String upstream, Protocol protocol, Timeouts timeouts) {}
