#!/usr/bin/env python3
"""One poke of CairnMarkerSensor's core against a real S3 server, without Airflow (boto3 instead of S3Hook).

    sensor_poke.py ENDPOINT BUCKET PIPELINE PROJECT DS_NODASH
Prints the outcome and exits 0 = success (completion marker; prints the folder), 3 = the sensor raises (failure
marker; prints the message), 2 = no marker yet (the sensor keeps waiting). Credentials from the AWS_* environment.
Run by the marker-service's SensorOnRealMarkersTest against folders the service wrote.
"""
import pathlib
import sys

import boto3

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cairn_marker_sensor import CairnSyncFailed, outcome, poke  # noqa: E402


def main(endpoint, bucket, pipeline, project, ds_nodash):
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      config=boto3.session.Config(s3={"addressing_style": "path"}))

    def list_keys(b, prefix):
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=b, Prefix=prefix)
        return [o["Key"] for page in pages for o in page.get("Contents", [])]

    def read_text(b, key):
        return s3.get_object(Bucket=b, Key=key)["Body"].read().decode("utf-8")

    listed = []

    def listing(b, prefix):
        listed.extend(list_keys(b, prefix))
        return listed

    event = poke(listing, read_text, bucket, pipeline, project, ds_nodash)
    if event is None:
        print(f"waiting: no marker yet ({len(listed)} keys listed: {listed[:5]})")
        return 2
    try:
        print("success:", outcome(event))
        return 0
    except CairnSyncFailed as e:
        print("raised:", e)
        return 3


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
