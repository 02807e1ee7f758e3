package dev.wharf.api.cloudmap;

import dev.wharf.api.protocol.AwsService;
import dev.wharf.api.protocol.OperationHandler;
import dev.wharf.api.protocol.OperationSet;
import dev.wharf.api.state.StateStore;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Cloud Map ({@code Route53AutoNaming_v20170314}) operations Wharf implements, by name. Each
 * validates its input, then reads {@link StateStore#current()} or changes state in one
 * {@link StateStore#apply} (so a rejected call changes nothing). Wharf's namespaces are HTTP
 * namespaces; DNS namespaces are not offered (Service Connect does not use DNS, spec 11).
 */
public final class CloudMapOperations implements OperationSet {
  private final Map<String, OperationHandler> operations = new TreeMap<>();

  public CloudMapOperations(StateStore store) {
    NamespaceOperations ns = new NamespaceOperations(store);
    ServiceOperations srv = new ServiceOperations(store);
    InstanceOperations inst = new InstanceOperations(store);
    AsyncOperations ops = new AsyncOperations(store);
    TagOperations tags = new TagOperations(store);
    operations.put("CreateHttpNamespace", ns::create);
    operations.put("GetNamespace", ns::get);
    operations.put("ListNamespaces", ns::list);
    operations.put("DeleteNamespace", ns::delete);
    operations.put("UpdateHttpNamespace", ns::updateHttp);
    operations.put("CreateService", srv::create);
    operations.put("GetService", srv::get);
    operations.put("ListServices", srv::list);
    operations.put("DeleteService", srv::delete);
    operations.put("UpdateService", srv::update);
    operations.put("RegisterInstance", inst::register);
    operations.put("DeregisterInstance", inst::deregister);
    operations.put("GetInstance", inst::get);
    operations.put("ListInstances", inst::list);
    operations.put("DiscoverInstances", inst::discover);
    operations.put("DiscoverInstancesRevision", inst::discoverRevision);
    operations.put("GetInstancesHealthStatus", inst::healthStatus);
    operations.put("UpdateInstanceCustomHealthStatus", inst::updateCustomHealth);
    operations.put("GetOperation", ops::get);
    operations.put("ListOperations", ops::list);
    operations.put("TagResource", tags::tag);
    operations.put("UntagResource", tags::untag);
    operations.put("ListTagsForResource", tags::list);
  }

  @Override
  public AwsService service() {
    return AwsService.CLOUD_MAP;
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return operations;
  }
}
