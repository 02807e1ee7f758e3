package dev.wharf.api.ecs;

import dev.wharf.api.protocol.AwsService;
import dev.wharf.api.protocol.OperationHandler;
import dev.wharf.api.protocol.OperationSet;
import dev.wharf.api.state.StateStore;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ECS ({@code AmazonEC2ContainerServiceV20141113}) operations Wharf implements, by name. Each
 * validates its input, then reads {@link StateStore#current()} or changes state in one
 * {@link StateStore#apply} (so a rejected call changes nothing). Tasks are not started by ECS calls:
 * a task exists when its sidecar connects (see {@code dev.wharf.api.ecs.TaskLifecycle}).
 */
public final class EcsOperations implements OperationSet {
  private final Map<String, OperationHandler> operations = new TreeMap<>();

  public EcsOperations(StateStore store) {
    ClusterOperations clusters = new ClusterOperations(store);
    TaskDefinitionOperations taskDefinitions = new TaskDefinitionOperations(store);
    ServiceOperations services = new ServiceOperations(store);
    TaskOperations tasks = new TaskOperations(store);
    TagOperations tags = new TagOperations(store);
    operations.put("CreateCluster", clusters::create);
    operations.put("UpdateCluster", clusters::update);
    operations.put("DescribeClusters", clusters::describe);
    operations.put("ListClusters", clusters::list);
    operations.put("DeleteCluster", clusters::delete);
    operations.put("RegisterTaskDefinition", taskDefinitions::register);
    operations.put("DescribeTaskDefinition", taskDefinitions::describe);
    operations.put("ListTaskDefinitions", taskDefinitions::list);
    operations.put("ListTaskDefinitionFamilies", taskDefinitions::listFamilies);
    operations.put("DeregisterTaskDefinition", taskDefinitions::deregister);
    operations.put("CreateService", services::create);
    operations.put("UpdateService", services::update);
    operations.put("DeleteService", services::delete);
    operations.put("DescribeServices", services::describe);
    operations.put("ListServices", services::list);
    operations.put("ListServicesByNamespace", services::listByNamespace);
    operations.put("ListTasks", tasks::list);
    operations.put("DescribeTasks", tasks::describe);
    operations.put("StopTask", tasks::stop);
    operations.put("TagResource", tags::tag);
    operations.put("UntagResource", tags::untag);
    operations.put("ListTagsForResource", tags::list);
  }

  @Override
  public AwsService service() {
    return AwsService.ECS;
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return operations;
  }
}
