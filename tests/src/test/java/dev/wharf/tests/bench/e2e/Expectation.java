package dev.wharf.tests.bench.e2e;

import java.util.BitSet;

/**
 * The configuration every sidecar of the estate must hold to count as fully configured: for each of
 * the S services, its load assignment with exactly T endpoints and its egress listener
 * ({@code egress/<alias>:<port>}); its own service's ingress listener ({@code ingress/<name>}); the
 * route of every listener it holds; and the assignment of every EDS cluster it holds. A sidecar whose
 * task is not registered has no ingress listener and its service's assignment lacks its endpoint, so
 * "all configured" also means "all registered".
 *
 * @param assignments ids of the S assignment names
 * @param egress ids of the S egress listener names
 * @param ingress id of each service's ingress listener name, by service index
 * @param endpoints T, the endpoints each assignment must list
 */
record Expectation(int[] assignments, int[] egress, int[] ingress, int endpoints) {

  /** The expectation for services {@code 0..s-1} with {@code t} tasks each. */
  static Expectation of(int s, int t) {
    int[] a = new int[s];
    int[] e = new int[s];
    int[] i = new int[s];
    for (int j = 0; j < s; j++) {
      a[j] = Facts.id(Estate.discoveryName(j));
      e[j] = Facts.id(Estate.egressListener(j));
      i[j] = Facts.id(Estate.ingressListener(j));
    }
    return new Expectation(a, e, i, t);
  }

  /** True when {@code s} holds all of it. Called under {@code s}'s monitor. */
  boolean metBy(Sidecar s) {
    if (s.held(Sidecar.LDS, ingress[s.service]) == null) {
      return false;
    }
    for (int j = 0; j < assignments.length; j++) {
      Facts a = s.held(Sidecar.EDS, assignments[j]);
      if (a == null || a.endpoints().size() != endpoints || s.held(Sidecar.LDS, egress[j]) == null) {
        return false;
      }
    }
    BitSet routes = s.rdsWanted();
    for (int r = routes.nextSetBit(0); r >= 0; r = routes.nextSetBit(r + 1)) {
      if (s.held(Sidecar.RDS, r) == null) {
        return false;
      }
    }
    BitSet eds = s.edsWanted();
    for (int c = eds.nextSetBit(0); c >= 0; c = eds.nextSetBit(c + 1)) {
      if (s.held(Sidecar.EDS, c) == null) {
        return false;
      }
    }
    return true;
  }
}
