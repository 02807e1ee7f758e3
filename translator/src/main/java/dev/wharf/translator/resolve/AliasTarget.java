package dev.wharf.translator.resolve;

import dev.wharf.translator.ir.Protocol;
import dev.wharf.translator.ir.Timeouts;
import dev.wharf.translator.ir.Tls;

/**
 * One client alias of a namespace and what it leads to (spec 5-8): the target's discovery name,
 * protocol and timeouts (spec 39), its VIP index, and since when it exists.
 *
 * @param vipIndex the stable index from {@code MeshState.aliasVips}
 * @param since earliest {@code createdAt} of a deployment of the owner declaring this alias (epoch
 *     seconds); null when unknown
 * @param tls the target entry's TLS (spec 54); null for plaintext
 */
record AliasTarget(
    String namespaceId,
    String dnsName,
    int port,
    String discoveryName,
    Protocol protocol,
    Timeouts timeouts,
    int vipIndex,
    Double since,
    String ownerServiceArn,
    Tls tls) {}
