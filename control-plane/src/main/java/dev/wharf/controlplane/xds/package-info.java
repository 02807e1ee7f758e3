/**
 * The xDS side of the control plane: publishing snapshots and serving them over ADS.
 *
 * <h2>Design note</h2>
 *
 * <p><b>Why an own ADS server.</b> java-control-plane 1.0.49's {@code SimpleCache} +
 * {@code V3DiscoveryServer} resend a NACKed config in a loop (about 2,000 times a second), version
 * resources by {@code hashCode()} (different in every JVM), ignore delta
 * {@code initial_resource_versions}, never answer a delta subscription of a type the group has no
 * resources of, re-send every subscribed assignment on each endpoint change, fan out synchronously
 * inside {@code setSnapshot}, and ignore gRPC flow control. Patching around each of these in a
 * {@code ConfigWatcher} decorator is not possible for most (the stream observers are
 * package-private), so Wharf serves ADS itself, on the same
 * protos and gRPC stubs ({@link io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc}).
 * java-control-plane's {@code DiscoveryServerCallbacks} interface is kept for the stream callbacks
 * ({@link dev.wharf.controlplane.tasks.TaskSessions}).
 *
 * <p><b>Data.</b> The reconciler hands the {@link dev.wharf.controlplane.xds.SnapshotPublisher} every
 * group's resources. Each resource becomes an {@link dev.wharf.controlplane.xds.XdsResource}: packed
 * once into an {@code Any}, versioned by the SHA-256 of its deterministic serialization. Each type's
 * resources become a {@link dev.wharf.controlplane.xds.TypeSnapshot} whose version is the SHA-256 of
 * the (name, version) pairs; type snapshots are interned by version, so groups with equal content
 * share one object. Every resource is validated ({@link dev.wharf.controlplane.xds.ResourceValidator})
 * and every group's references checked before anything is published; a group with a problem keeps
 * its last good {@link dev.wharf.controlplane.xds.GroupSnapshot}. The
 * {@link dev.wharf.controlplane.xds.SnapshotStore} holds the served snapshots and only flags the
 * group's streams when one changes.
 *
 * <p><b>Streams.</b> Each ADS stream ({@link dev.wharf.controlplane.xds.SotwStream},
 * {@link dev.wharf.controlplane.xds.DeltaStream}) runs on its own serial executor over a shared pool,
 * reads one request at a time, and sends one response at a time while gRPC reports the transport
 * ready; a proxy that stops reading is simply not sent to. What a proxy holds is tracked per type as
 * "a shared type snapshot plus a few per-name differences" ({@link dev.wharf.controlplane.xds.TypeState}),
 * so a stream costs O(1) memory, and diffs between two type snapshots are memoized and shared by all
 * proxies making the same move: an endpoint change costs each proxy one assignment, in SotW too
 * (EDS/RDS responses carry only what changed, which the protocol allows).
 *
 * <p><b>Conversation rules.</b> Order: cluster additions/changes, endpoints (including those of
 * changed clusters, which Envoy re-warms), listeners, routes, cluster removals last (in SotW the
 * first CDS response keeps the clusters being removed, under a distinct version). Stale nonces are
 * ignored. A NACK ({@code error_detail}) is recorded and counted, the proxy's state is rolled back to
 * its last ACK, and that snapshot version is never sent again; the next different one is. A SotW first
 * request whose {@code version_info} equals the current version, or a delta one whose
 * {@code initial_resource_versions} match, is sent nothing; mismatches are sent exactly the
 * differences, including delta {@code removed_resources}. EDS and RDS names that do not exist are
 * answered with an empty assignment or route table, so nothing stays warming.
 *
 * <p><b>Observability.</b> {@link dev.wharf.controlplane.xds.ProxyStatusTracker}: per stream the
 * proxy's identity and group, per type the sent/ACKed/NACKed versions, counts, bytes and last error;
 * Micrometer counters and the push-latency timer.
 */
package dev.wharf.controlplane.xds;
