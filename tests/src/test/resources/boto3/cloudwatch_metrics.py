"""Reads Service Connect metrics from Wharf with boto3's CloudWatch client, as a user's script would.

The endpoint and credentials come from the standard environment variables. The first argument picks
the wire protocol: "default" leaves botocore's choice (AWS JSON 1.0 for CloudWatch); "cbor" makes
botocore use smithy-rpc-v2-cbor by loading a copy of its own CloudWatch model that lists only that
protocol, through botocore's AWS_DATA_PATH model override.
"""
import datetime
import gzip
import json
import os
import sys
import tempfile

if len(sys.argv) > 1 and sys.argv[1] == "cbor":
    import botocore

    data = os.path.join(os.path.dirname(botocore.__file__), "data", "cloudwatch", "2010-08-01")
    with gzip.open(os.path.join(data, "service-2.json.gz")) as f:
        model = json.load(f)
    model["metadata"]["protocols"] = ["smithy-rpc-v2-cbor"]
    override = tempfile.mkdtemp()
    os.makedirs(os.path.join(override, "cloudwatch", "2010-08-01"))
    with open(os.path.join(override, "cloudwatch", "2010-08-01", "service-2.json"), "w") as f:
        json.dump(model, f)
    os.environ["AWS_DATA_PATH"] = override

import boto3
from botocore.exceptions import ClientError

cw = boto3.client("cloudwatch")
print("PROTOCOL", cw.meta.service_model.resolved_protocol)

T0 = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.timezone.utc)
MINUTE = datetime.timedelta(minutes=1)
DIMS = [
    {"Name": "TargetDiscoveryName", "Value": "payments"},
    {"Name": "ServiceName", "Value": "checkout"},
    {"Name": "ClusterName", "Value": "shop"},
]

sums = cw.get_metric_statistics(
    Namespace="AWS/ECS", MetricName="HTTPCode_Target_5XX_Count", Dimensions=DIMS,
    StartTime=T0, EndTime=T0 + 5 * MINUTE, Period=60, Statistics=["Sum"])
for p in sorted(sums["Datapoints"], key=lambda p: p["Timestamp"]):
    print("SUM", p["Timestamp"].isoformat(), p["Sum"], p["Unit"])

pct = cw.get_metric_statistics(
    Namespace="AWS/ECS", MetricName="TargetResponseTime", Dimensions=DIMS,
    StartTime=T0, EndTime=T0 + 2 * MINUTE, Period=60, ExtendedStatistics=["p50", "p99"])
for p in sorted(pct["Datapoints"], key=lambda p: p["Timestamp"]):
    stats = p["ExtendedStatistics"]
    print("PCT", p["Timestamp"].isoformat(), round(stats["p50"], 6), round(stats["p99"], 6))

data = cw.get_metric_data(
    StartTime=T0, EndTime=T0 + 5 * MINUTE,
    MetricDataQueries=[{"Id": "p99", "MetricStat": {"Metric": {
        "Namespace": "AWS/ECS", "MetricName": "TargetResponseTime", "Dimensions": DIMS},
        "Period": 60, "Stat": "p99"}}])
for r in data["MetricDataResults"]:
    print("DATA", r["Id"], r["StatusCode"], [t.isoformat() for t in r["Timestamps"]], r["Values"])

count = 0
for page in cw.get_paginator("list_metrics").paginate(Namespace="AWS/ECS", Dimensions=[{"Name": "ServiceName"}]):
    count += len(page["Metrics"])
print("LIST", count)

try:
    cw.get_metric_statistics(
        Namespace="AWS/ECS", MetricName="RequestCount", StartTime=T0, EndTime=T0 + MINUTE,
        Period=61, Statistics=["Sum"])
    print("ERROR none")
except cw.exceptions.InvalidParameterValueException as e:
    print("ERROR", e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"],
          e.response["Error"]["Message"])

try:
    cw.get_metric_data(
        StartTime=T0, EndTime=T0 + MINUTE,
        MetricDataQueries=[{"Id": "e1", "Expression": "SUM(METRICS())"}])
    print("ERROR none")
except ClientError as e:
    print("ERROR", e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
print("DONE")
