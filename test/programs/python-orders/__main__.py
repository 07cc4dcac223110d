"""The orders data stack, in Python: one relational database and its security group.

stateguard's end-to-end test (test/e2e/python.test.ts) runs it offline against the stand-in providers, so the
resources are declared by their type tokens, which is what a provider SDK's classes do: with pulumi_aws installed
the database would read `aws.rds.Instance("orders-db", engine="postgres", ...)`. The test edits this file to delete
or replace the database. Stack config `protect` (default false) sets `protect` on the database.
"""

import pulumi

config = pulumi.Config()
protect = config.get_bool("protect") or False

sg = pulumi.CustomResource(
    "aws:ec2/securityGroup:SecurityGroup",
    "orders-db-sg",
    {"description": "orders database access"},
)

db = pulumi.CustomResource(
    "aws:rds/instance:Instance",
    "orders-db",
    {
        "engine": "postgres",
        "instanceClass": "db.t3.micro",
        "allocatedStorage": 20,
        "vpcSecurityGroupIds": [sg.id],
        "deletionProtection": True,
        "skipFinalSnapshot": False,
        "finalSnapshotIdentifier": "orders-db-final",
    },
    pulumi.ResourceOptions(protect=protect),
)

pulumi.export("dbId", db.id)
