package dev.wharf.translator.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pins the naming scheme documented on {@link Names}: changing it re-pushes every proxy. */
class NamesTest {
  @Test
  void namesComeFromIdentity() {
    assertEquals("ingress/payments", Names.ingressListener("payments"));
    assertEquals("ingress/payments", Names.ingressRoute("payments"));
    assertEquals("app/payments", Names.appCluster("payments"));
    assertEquals("egress/payments.prod:8080", Names.egressListener("payments.prod", 8080));
    assertEquals("egress/payments.prod:8080", Names.egressRoute("payments.prod", 8080));
    assertEquals("payments", Names.upstreamCluster("payments"));
    assertEquals("ingress~payments", Names.ingressStatPrefix("payments"));
    assertEquals("egress~payments", Names.egressStatPrefix("payments"));
  }
}
