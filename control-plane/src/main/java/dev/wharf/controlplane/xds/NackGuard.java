package dev.wharf.controlplane.xds;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stops java-control-plane 1.0.49's NACK resend loop (reference xds-control-planes.md §1.4, §1.8):
 * a NACK carries the previous version, so the stock cache answers it at once with the same rejected
 * snapshot, thousands of times a second. This decorator rewrites a NACK's {@code version_info} to the
 * version that was rejected, so the cache parks the watch until a new snapshot arrives. The NACK
 * itself is recorded by {@link ProxyStatusTracker}.
 */
public final class NackGuard implements ConfigWatcher {
  private final ConfigWatcher delegate;
  private final ProxyStatusTracker tracker;

  public NackGuard(ConfigWatcher delegate, ProxyStatusTracker tracker) {
    this.delegate = delegate;
    this.tracker = tracker;
  }

  @Override
  public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
      Consumer<Response> responseConsumer, boolean hasClusterChanged, boolean allowDefaultEmptyEdsUpdate) {
    DiscoveryRequest r = request.v3Request();
    if (r.hasErrorDetail()) {
      String rejected = tracker.lastSentVersion(r.getNode().getId(), r.getTypeUrl());
      if (rejected != null) {
        request = XdsRequest.create(r.toBuilder().setVersionInfo(rejected).build());
      }
    }
    return delegate.createWatch(ads, request, knownResourceNames, responseConsumer, hasClusterChanged,
        allowDefaultEmptyEdsUpdate);
  }

  @Override
  public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
      Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
    return delegate.createDeltaWatch(request, requesterVersion, resourceVersions, pendingResources,
        isWildcard, responseConsumer, hasClusterChanged);
  }
}
