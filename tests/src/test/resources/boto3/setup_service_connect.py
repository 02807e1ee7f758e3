"""Sets up ECS Service Connect with plain boto3, as a user would.

Creates an HTTP namespace and waits for the operation, a cluster whose Service Connect default is that
namespace, two task definitions with named port mappings and appProtocol, a server service and a
client-only service with serviceConnectConfiguration, then describes them and lists the Cloud Map
instances. Nothing here knows about Wharf: point it at any endpoint with the standard variables
(AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION). Prints one
"KEY value" line per result and exits 0 on success.
"""
import time

import boto3

NAMESPACE = "boto-ns"
CLUSTER = "boto-shop"

sd = boto3.client("servicediscovery")
ecs = boto3.client("ecs")

# 1. Namespace: an asynchronous operation.
op_id = sd.create_http_namespace(Name=NAMESPACE, Description="made with boto3")["OperationId"]
statuses = []
deadline = time.time() + 30
while True:
    op = sd.get_operation(OperationId=op_id)["Operation"]
    if not statuses or statuses[-1] != op["Status"]:
        statuses.append(op["Status"])
    if op["Status"] == "SUCCESS":
        break
    if op["Status"] == "FAIL" or time.time() > deadline:
        raise SystemExit("namespace operation did not succeed: %s" % op)
    time.sleep(0.05)
namespace_id = op["Targets"]["NAMESPACE"]
namespace = sd.get_namespace(Id=namespace_id)["Namespace"]
print("OPERATION", " ".join(statuses))
print("NAMESPACE", namespace["Id"], namespace["Arn"], namespace["Type"])

# 2. Cluster with the namespace as its Service Connect default.
cluster = ecs.create_cluster(clusterName=CLUSTER, serviceConnectDefaults={"namespace": NAMESPACE})["cluster"]
print("CLUSTER", cluster["clusterArn"], cluster["serviceConnectDefaults"]["namespace"])

# 3. Task definitions with named port mappings and appProtocol.
for family, port, protocol in (("orders", 8080, "http"), ("stock", 50051, "grpc")):
    td = ecs.register_task_definition(
        family=family,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[{
            "name": "app",
            "image": "example/%s:latest" % family,
            "essential": True,
            "portMappings": [{"name": family, "containerPort": port, "protocol": "tcp", "appProtocol": protocol}],
        }],
    )["taskDefinition"]
    print("TASKDEF", td["taskDefinitionArn"], td["containerDefinitions"][0]["portMappings"][0]["appProtocol"])
ecs.register_task_definition(
    family="frontend", networkMode="awsvpc", cpu="256", memory="512",
    containerDefinitions=[{"name": "web", "image": "example/frontend:latest", "essential": True}],
)

# 4. Services with serviceConnectConfiguration: two servers and a client-only frontend. awsvpc task
#    definitions need a networkConfiguration, and each services[] entry exactly one client alias.
NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d4e5f60001"], "securityGroups": ["sg-0a1b2c3d"]}}
for refused, kwargs in (
        ("NO_NETWORK", {}),
        ("NO_ALIAS", {"networkConfiguration": NETWORK,
                      "serviceConnectConfiguration": {"enabled": True, "services": [{"portName": "orders"}]}})):
    try:
        ecs.create_service(cluster=CLUSTER, serviceName="refused", taskDefinition="orders", **kwargs)
        print(refused, "accepted")
    except ecs.exceptions.InvalidParameterException as e:
        print(refused, e.response["Error"]["Code"], e.response["Error"]["Message"])
for name, port in (("orders", 8080), ("stock", 50051)):
    ecs.create_service(
        cluster=CLUSTER,
        serviceName=name,
        taskDefinition=name,
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration=NETWORK,
        serviceConnectConfiguration={
            "enabled": True,
            "namespace": NAMESPACE,
            "services": [{
                "portName": name,
                "discoveryName": name,
                "clientAliases": [{"port": port, "dnsName": name}],
            }],
        },
    )
ecs.create_service(cluster=CLUSTER, serviceName="frontend", taskDefinition="frontend", desiredCount=1,
                   networkConfiguration=NETWORK, serviceConnectConfiguration={"enabled": True})

# 5. Describe them: the configuration lives on the PRIMARY deployment.
described = ecs.describe_services(cluster=CLUSTER, services=["orders", "stock", "frontend"])
assert not described["failures"], described["failures"]
for svc in described["services"]:
    primary = [d for d in svc["deployments"] if d["status"] == "PRIMARY"][0]
    scc = primary["serviceConnectConfiguration"]
    aliases = ["%s:%d" % (a["dnsName"], a["port"]) for s in scc.get("services", []) for a in s.get("clientAliases", [])]
    resources = [r["discoveryName"] for r in primary.get("serviceConnectResources", [])]
    print("SERVICE", svc["serviceName"], svc["status"], svc["desiredCount"], scc["enabled"],
          ",".join(aliases) or "-", ",".join(resources) or "-")
    vpc = svc["networkConfiguration"]["awsvpcConfiguration"]
    dc = svc["deploymentConfiguration"]
    print("SETTINGS", svc["serviceName"], ",".join(vpc["subnets"]), ",".join(vpc["securityGroups"]),
          vpc["assignPublicIp"], primary["networkConfiguration"] == svc["networkConfiguration"],
          dc["maximumPercent"], dc["minimumHealthyPercent"], dc["deploymentCircuitBreaker"]["enable"],
          dc["deploymentCircuitBreaker"]["rollback"], dc["strategy"])

by_namespace = ecs.list_services_by_namespace(namespace=NAMESPACE)["serviceArns"]
print("BY_NAMESPACE", len(by_namespace))

# 6. Cloud Map: one service per discoveryName; their instances (none until tasks run).
paginator = sd.get_paginator("list_services")
filters = [{"Name": "NAMESPACE_ID", "Values": [namespace_id], "Condition": "EQ"}]
for page in paginator.paginate(Filters=filters):
    for s in sorted(page["Services"], key=lambda s: s["Name"]):
        instances = sd.list_instances(ServiceId=s["Id"])["Instances"]
        found = sd.discover_instances(NamespaceName=NAMESPACE, ServiceName=s["Name"])
        print("CLOUDMAP", s["Name"], s["Id"], len(instances), len(found["Instances"]), found["InstancesRevision"] > 0)

print("DONE")
