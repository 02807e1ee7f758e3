package dev.wharf.tests.bench.e2e;

/**
 * One change the fleet waits for on every sidecar: a load assignment that lists (or no longer lists)
 * an endpoint address, or a listener that exists. A sidecar satisfies it when, right after ACKing a
 * response, the configuration it holds matches.
 *
 * @param epoch distinguishes successive watches (a sidecar records the epoch it satisfied)
 * @param type {@link Sidecar#EDS} or {@link Sidecar#LDS}
 * @param nameId {@link Facts#id} of the assignment or listener name
 * @param ip for EDS: the endpoint address; unused for LDS
 * @param present whether the endpoint (or listener) must be held, or must be gone
 */
record Watch(int epoch, int type, int nameId, String ip, boolean present) {

  /** True when {@code s} holds what this watch waits for. Called under {@code s}'s monitor. */
  boolean satisfiedBy(Sidecar s) {
    Facts f = s.held(type, nameId);
    if (type == Sidecar.EDS) {
      return f != null && f.hasEndpoint(ip) == present;
    }
    return (f != null) == present;
  }
}
