package dev.wharf.translator.resolve;

import dev.wharf.translator.ir.Protocol;
import dev.wharf.translator.ir.Timeouts;
import dev.wharf.translator.ir.Tls;

/**
 * One {@code services[]} entry with every default applied (spec 1-8, 29, 39).
 *
 * @param discoveryName {@code discoveryName}, default {@code portName} (spec 3)
 * @param containerPort the named port mapping's {@code containerPort}
 * @param ingressPort {@code ingressPortOverride}, default {@code containerPort} (spec 29)
 * @param dnsName the alias name, default {@code discoveryName.namespace} (spec 5); null when the
 *     namespace is unknown and no dnsName was given
 * @param aliasPort the alias port; the implicit alias uses {@code containerPort} (spec 8)
 * @param tls set when the entry has {@code tls} and its namespace is known (spec 54); else null
 */
record ScEntry(
    String discoveryName,
    int containerPort,
    int ingressPort,
    Protocol protocol,
    Timeouts timeouts,
    String dnsName,
    int aliasPort,
    Tls tls) {}
