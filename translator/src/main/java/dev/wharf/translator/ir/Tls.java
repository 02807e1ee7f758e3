package dev.wharf.translator.ir;

/**
 * TLS between sidecars for one discovery name (spec 54-56): set when its {@code services[]} entry
 * has {@code tls}. The server side terminates TLS with the certificate of the discovery name; every
 * client originates TLS to it and checks that certificate. Which CA signs is not the translator's
 * business: it names secrets (see {@code xds.Names}), the control plane fills them.
 *
 * @param namespace the Cloud Map namespace name the discovery name lives in; part of its identity
 */
public record Tls(String namespace) {}
