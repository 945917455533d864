"""
Drives the emulator with the vendors' official SDK clients (their own signers, the emulator verifying) across the
documented families: APIG v2 load-balance channels, members and member groups (huaweicloudsdkapig), SAE grey tag
routes (alibabacloud_sae20190506) and ASM proxy status (alibabacloud_servicemesh20200111).

Each step prints one JSON line (`sdk_models.emit`): `echo.*` checks that every field sent reads back through the
SDK's deserialised model unchanged; `raw.*` checks that every key of the raw answer is in the SDK's response model
(a key the model lacks is one we invented); `error.*` checks a documented error code and status.

Environment: CONFORMANCE_URL (the emulator), CONFORMANCE_PROJECT_ID, CONFORMANCE_KEYS (JSON: huawei, huaweiReadOnly,
alibaba, each [id, secret]).
"""
import json
import os
import sys
import urllib.request

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions as huawei_exceptions
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.utils.http_utils import sanitize_for_serialization
from huaweicloudsdkapig.v2 import ApigClient
from huaweicloudsdkapig.v2 import model as hw

from alibabacloud_tea_openapi.models import Config as AlibabaConfig
from alibabacloud_sae20190506.client import Client as SaeClient
from alibabacloud_sae20190506 import models as sae_models
from alibabacloud_servicemesh20200111.client import Client as AsmClient
from alibabacloud_servicemesh20200111 import models as asm_models

from sdk_models import echo_problems, emit, huawei_problems, tea_object_problems

URL = os.environ["CONFORMANCE_URL"]
PROJECT_ID = os.environ["CONFORMANCE_PROJECT_ID"]
KEYS = json.loads(os.environ["CONFORMANCE_KEYS"])
INSTANCE = "eddc4d25480b4cd6b512f270a1b8b341"


def admin(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{URL}/_emulator{path}", data=data, method=method,
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.status


# ---------------------------------------------------------------- Huawei APIG

def apig(key="huawei"):
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    ak, sk = KEYS[key]
    return (ApigClient.new_builder().with_http_config(config)
            .with_credentials(BasicCredentials(ak, sk, PROJECT_ID)).with_endpoint(URL).build())


client = apig()


def call(operation, request):
    """Runs an SDK operation; checks the raw answer's keys against the SDK's response model."""
    response = getattr(client, operation)(request)
    response_type = getattr(ApigClient, f"_{operation}_http_info")(request)["response_type"]
    raw = json.loads(response.raw_content) if response.raw_content else None
    emit(f"raw.{operation}", huawei_problems(raw, response_type), operation=operation)
    return response


def wire(model):
    return sanitize_for_serialization(model)


def echo(check, sent, response, operation):
    emit(f"echo.{check}", echo_problems(wire(sent), wire(response)), operation=operation)


def huawei_error(check, run, status, code, operation):
    try:
        run()
        problems = [f"succeeded; the documents answer {status} {code}"]
    except huawei_exceptions.ClientRequestException as e:
        problems = [] if (e.status_code, e.error_code) == (status, code) else [
            f"answered {e.status_code} {e.error_code} ({e.error_msg}); the documents answer {status} {code}"]
    emit(f"error.{check}", problems, operation=operation)


def health(**overrides):
    return hw.VpcHealthConfig(**{"protocol": "HTTP", "path": "/healthz", "method": "GET", "port": 8080,
                                 "threshold_normal": 2, "threshold_abnormal": 5, "time_interval": 10,
                                 "http_code": "200,301", "enable_client_ssl": False, "timeout": 5, **overrides})


def apig_channels():
    body = hw.VpcCreate(
        name="orders_backend", port=8080, balance_strategy=1, member_type="ip", vpc_channel_type="builtin",
        member_groups=[
            hw.MemberGroupCreate(member_group_name="stable", member_group_weight=90, member_group_remark="v1"),
            hw.MemberGroupCreate(member_group_name="canary", member_group_weight=10, member_group_remark="v2"),
        ],
        members=[
            hw.MemberInfo(host="10.0.0.5", weight=10, member_group_name="stable", port=8080, status=1,
                          is_backup=False),
            hw.MemberInfo(host="10.0.0.6", weight=5, member_group_name="canary", port=8081, status=2, is_backup=True),
        ],
        vpc_health_config=health())
    created = call("create_vpc_channel_v2", hw.CreateVpcChannelV2Request(instance_id=INSTANCE, body=body))
    sent_top = hw.VpcCreate(name=body.name, port=body.port, balance_strategy=body.balance_strategy,
                            member_type=body.member_type, vpc_channel_type=body.vpc_channel_type)
    echo("create_vpc_channel_v2", sent_top, created, "create_vpc_channel_v2")
    channel = created.id

    shown = call("show_details_of_vpc_channel_v2",
                 hw.ShowDetailsOfVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=channel))
    echo("show_details_of_vpc_channel_v2", body, shown, "show_details_of_vpc_channel_v2")

    listed = call("list_vpc_channels_v2", hw.ListVpcChannelsV2Request(instance_id=INSTANCE, name="orders_backend"))
    emit("echo.list_vpc_channels_v2",
         [] if [c.id for c in listed.vpc_channels] == [channel] else [f"listed {wire(listed.vpc_channels)}"],
         operation="list_vpc_channels_v2")

    update = hw.VpcCreate(
        name="orders_backend", port=8443, balance_strategy=2, member_type="ip", vpc_channel_type="builtin",
        member_groups=[hw.MemberGroupCreate(member_group_name="stable", member_group_weight=80)],
        members=[hw.MemberInfo(host="10.0.0.5", weight=20, member_group_name="stable", port=8443)],
        vpc_health_config=health(protocol="TCP", path=None, method=None, http_code=None, port=8443, timeout=10,
                                 time_interval=10))
    updated = call("update_vpc_channel_v2",
                   hw.UpdateVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=channel, body=update))
    echo("update_vpc_channel_v2", hw.VpcCreate(name="orders_backend", port=8443, balance_strategy=2), updated,
         "update_vpc_channel_v2")
    shown = call("show_details_of_vpc_channel_v2",
                 hw.ShowDetailsOfVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=channel))
    echo("show_after_update", update, shown, "show_details_of_vpc_channel_v2")
    return channel


def apig_members(channel):
    added = [hw.MemberInfo(host="10.0.0.7", weight=3, member_group_name="stable", port=8443, is_backup=False)]
    response = call("adding_backend_instances_v2", hw.AddingBackendInstancesV2Request(
        instance_id=INSTANCE, vpc_channel_id=channel, body=hw.VpcMemberCreate(members=added)))
    echo("adding_backend_instances_v2", hw.VpcMemberCreate(members=added), response, "adding_backend_instances_v2")

    listed = call("list_backend_instances_v2",
                  hw.ListBackendInstancesV2Request(instance_id=INSTANCE, vpc_channel_id=channel))
    hosts = sorted(m.host for m in listed.members)
    emit("echo.list_backend_instances_v2", [] if hosts == ["10.0.0.5", "10.0.0.7"] else [f"listed {hosts}"],
         operation="list_backend_instances_v2")
    ids = {m.host: m.id for m in listed.members}

    modify = hw.VpcMemberModify(member_group_name="stable", members=[
        hw.MemberInfo(host="10.0.0.5", weight=30, member_group_name="stable", port=8443),
        hw.MemberInfo(host="10.0.0.7", weight=4, member_group_name="stable", port=8443),
    ])
    response = call("update_backend_instances_v2", hw.UpdateBackendInstancesV2Request(
        instance_id=INSTANCE, vpc_channel_id=channel, body=modify))
    echo("update_backend_instances_v2", hw.VpcMemberCreate(members=modify.members), response,
         "update_backend_instances_v2")

    batch = hw.MembersBatchEnableOrDisable(member_ids=[ids["10.0.0.7"]])
    call("batch_disable_members", hw.BatchDisableMembersRequest(instance_id=INSTANCE, vpc_channel_id=channel,
                                                                 body=batch))
    status = member_status(channel)
    emit("echo.batch_disable_members", [] if status == {"10.0.0.5": 1, "10.0.0.7": 2} else [f"status {status}"],
         operation="batch_disable_members")
    call("batch_enable_members", hw.BatchEnableMembersRequest(instance_id=INSTANCE, vpc_channel_id=channel,
                                                               body=batch))
    status = member_status(channel)
    emit("echo.batch_enable_members", [] if status == {"10.0.0.5": 1, "10.0.0.7": 1} else [f"status {status}"],
         operation="batch_enable_members")

    call("delete_backend_instance_v2", hw.DeleteBackendInstanceV2Request(
        instance_id=INSTANCE, vpc_channel_id=channel, member_id=ids["10.0.0.7"]))
    emit("echo.delete_backend_instance_v2", [] if set(member_status(channel)) == {"10.0.0.5"} else ["not deleted"],
         operation="delete_backend_instance_v2")

    huawei_error("batch_unknown_member", lambda: client.batch_enable_members(hw.BatchEnableMembersRequest(
        instance_id=INSTANCE, vpc_channel_id=channel, body=hw.MembersBatchEnableOrDisable(member_ids=["f" * 32]))),
        404, "APIG.3024", "batch_enable_members")


def member_status(channel):
    listed = client.list_backend_instances_v2(
        hw.ListBackendInstancesV2Request(instance_id=INSTANCE, vpc_channel_id=channel))
    return {m.host: m.status for m in listed.members}


def apig_member_groups(channel):
    groups = [hw.MemberGroupCreate(member_group_name="blue", member_group_weight=5, member_group_remark="new")]
    created = call("create_member_group", hw.CreateMemberGroupRequest(
        instance_id=INSTANCE, vpc_channel_id=channel, body=hw.MemberGroupCreateBatch(member_groups=groups)))
    echo("create_member_group", hw.MemberGroupCreateBatch(member_groups=groups), created, "create_member_group")
    group = next(g.member_group_id for g in created.member_groups if g.member_group_name == "blue")

    listed = call("list_member_groups", hw.ListMemberGroupsRequest(instance_id=INSTANCE, vpc_channel_id=channel))
    names = sorted(g.member_group_name for g in listed.member_groups)
    emit("echo.list_member_groups", [] if names == ["blue", "stable"] else [f"listed {names}"],
         operation="list_member_groups")

    change = hw.MemberGroupCreate(member_group_name="blue", member_group_weight=7, member_group_remark="renamed")
    updated = call("update_member_group", hw.UpdateMemberGroupRequest(
        instance_id=INSTANCE, vpc_channel_id=channel, member_group_id=group, body=change))
    echo("update_member_group", change, updated, "update_member_group")
    shown = call("show_details_of_member_group", hw.ShowDetailsOfMemberGroupRequest(
        instance_id=INSTANCE, vpc_channel_id=channel, member_group_id=group))
    echo("show_details_of_member_group", change, shown, "show_details_of_member_group")

    call("delete_member_group", hw.DeleteMemberGroupRequest(
        instance_id=INSTANCE, vpc_channel_id=channel, member_group_id=group))
    huawei_error("member_group_malformed_id", lambda: client.show_details_of_member_group(
        hw.ShowDetailsOfMemberGroupRequest(instance_id=INSTANCE, vpc_channel_id=channel, member_group_id="blue")),
        400, "APIG.2012", "show_details_of_member_group")


def apig_health(channel):
    config = health(protocol="HTTPS", path="/ready", port=8443, http_code="200", enable_client_ssl=True,
                    time_interval=20, timeout=10, threshold_normal=3, threshold_abnormal=3)
    updated = call("update_health_check", hw.UpdateHealthCheckRequest(
        instance_id=INSTANCE, vpc_channel_id=channel, body=config))
    echo("update_health_check", config, updated, "update_health_check")
    shown = client.show_details_of_vpc_channel_v2(
        hw.ShowDetailsOfVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=channel))
    emit("echo.health_result", [] if shown.vpc_health_config.status in (1, 2) else [
        f"vpc_health_config.status {shown.vpc_health_config.status}: the documents make it the result, 1 or 2"],
        operation="show_details_of_vpc_channel_v2")
    echo("show_after_health", config, shown.vpc_health_config, "show_details_of_vpc_channel_v2")


def apig_microservice():
    body = hw.VpcCreate(
        name="orders_cce", port=80, balance_strategy=1, member_type="ip", vpc_channel_type="microservice",
        member_groups=[hw.MemberGroupCreate(member_group_name="orders-v1", member_group_weight=1, microservice_version="v1",
                                            microservice_port=80, microservice_labels=[
                                                hw.MicroserviceLabel(label_name="version", label_value="v1")])],
        microservice_info=hw.MicroServiceCreate(service_type="CCE", cce_info=hw.MicroServiceInfoCCECreate(
            cluster_id="ab1485b4f91b45abbcd560be591f7309", namespace="default", workload_type="deployment",
            app_name="orders")))
    created = call("create_vpc_channel_v2", hw.CreateVpcChannelV2Request(instance_id=INSTANCE, body=body))
    shown = call("show_details_of_vpc_channel_v2",
                 hw.ShowDetailsOfVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=created.id))
    echo("microservice_channel", body, shown, "show_details_of_vpc_channel_v2")
    return created.id


def apig_errors(channel):
    show = lambda vpc_channel_id: lambda: client.show_details_of_vpc_channel_v2(  # noqa: E731
        hw.ShowDetailsOfVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=vpc_channel_id))
    huawei_error("show_malformed_id", show("not-a-channel-id"), 400, "APIG.2012", "show_details_of_vpc_channel_v2")
    huawei_error("show_unknown_id", show("0" * 32), 404, "APIG.3023", "show_details_of_vpc_channel_v2")
    duplicate = hw.VpcCreate(name="orders_backend", port=80, balance_strategy=1, member_type="ip")
    huawei_error("create_duplicate_name", lambda: client.create_vpc_channel_v2(
        hw.CreateVpcChannelV2Request(instance_id=INSTANCE, body=duplicate)), 400, "APIG.3208",
        "create_vpc_channel_v2")
    nameless = hw.VpcCreate(port=80, balance_strategy=1, member_type="ip")
    huawei_error("create_without_name", lambda: client.create_vpc_channel_v2(
        hw.CreateVpcChannelV2Request(instance_id=INSTANCE, body=nameless)), 400, "APIG.2001", "create_vpc_channel_v2")
    readonly = apig("huaweiReadOnly")
    huawei_error("write_with_read_only_key", lambda: readonly.delete_vpc_channel_v2(
        hw.DeleteVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=channel)), 403, "APIG.1005",
        "delete_vpc_channel_v2")
    emit("echo.read_with_read_only_key", [] if readonly.show_details_of_vpc_channel_v2(
        hw.ShowDetailsOfVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=channel)).id == channel else [
        "the read-only key could not read"], operation="show_details_of_vpc_channel_v2")

    reference = hw.VpcCreate(name="orders_ref", port=80, balance_strategy=1, member_type="ip",
                             vpc_channel_type="reference", member_groups=[hw.MemberGroupCreate(
                                 member_group_name="ref", member_group_weight=1, reference_vpc_channel_id=channel)])
    ref = call("create_vpc_channel_v2", hw.CreateVpcChannelV2Request(instance_id=INSTANCE, body=reference)).id
    huawei_error("batch_on_reference_channel", lambda: client.batch_disable_members(hw.BatchDisableMembersRequest(
        instance_id=INSTANCE, vpc_channel_id=ref, body=hw.MembersBatchEnableOrDisable(member_ids=["a" * 32]))),
        403, "APIG.3471", "batch_disable_members")

    wrong = ApigClient.new_builder().with_credentials(BasicCredentials(KEYS["huawei"][0], "wrong-secret", PROJECT_ID)) \
        .with_endpoint(URL).build()
    huawei_error("wrong_secret", lambda: wrong.show_details_of_vpc_channel_v2(
        hw.ShowDetailsOfVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=channel)), 401, "APIGW.0301",
        "show_details_of_vpc_channel_v2")

    # The quota (30 per instance by default): one more channel than it allows answers APIG.3109.
    extra, quota_error = [], None
    while quota_error is None and len(extra) < 40:
        try:
            extra.append(client.create_vpc_channel_v2(hw.CreateVpcChannelV2Request(instance_id=INSTANCE, body=hw.VpcCreate(
                name=f"quota_{len(extra)}", port=80, balance_strategy=1, member_type="ip"))).id)
        except huawei_exceptions.ClientRequestException as e:
            quota_error = e
    emit("error.channel_quota", [] if quota_error and (quota_error.status_code, quota_error.error_code) == (
        403, "APIG.3109") else [f"after {len(extra)} more channels: {quota_error}"], operation="create_vpc_channel_v2")
    for vpc_channel_id in extra:
        client.delete_vpc_channel_v2(hw.DeleteVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=vpc_channel_id))

    for vpc_channel_id in (ref, channel):
        call("delete_vpc_channel_v2", hw.DeleteVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=vpc_channel_id))
    huawei_error("show_deleted", show(channel), 404, "APIG.3023", "show_details_of_vpc_channel_v2")


# ---------------------------------------------------------------- Alibaba

def alibaba_config():
    ak, sk = KEYS["alibaba"]
    return AlibabaConfig(access_key_id=ak, access_key_secret=sk, endpoint=URL.split("://", 1)[1], protocol="http",
                         region_id="cn-hangzhou")


def raw_checked(tea_client, body_models):
    """Wraps `call_api` so every raw answer body is checked against the SDK's response body model."""
    original = tea_client.call_api

    def checked(params, request, runtime):
        answer = original(params, request, runtime)
        cls = body_models[params.action]
        emit(f"raw.{params.action}", tea_object_problems(answer.get("body"), cls), operation=params.action)
        return answer

    tea_client.call_api = checked
    return tea_client


SAE_ACTIONS = ("CreateGreyTagRoute", "DescribeGreyTagRoute", "ListGreyTagRoute", "UpdateGreyTagRoute",
               "DeleteGreyTagRoute")
sae = raw_checked(SaeClient(alibaba_config()), {a: getattr(sae_models, f"{a}ResponseBody") for a in SAE_ACTIONS})

SC_RULES = [{"path": "/orders", "condition": "OR", "items": [
    {"type": "header", "name": "x-canary", "operator": "rawvalue", "value": "true", "cond": "=="},
    {"type": "cookie", "name": "grey", "operator": "list", "value": "a,b", "cond": "=="},
    {"type": "param", "name": "uid", "operator": "mod", "value": "10", "cond": "<", "index": 0}]}]
DUBBO_RULES = [{"serviceName": "com.example.Orders", "group": "DUBBO", "version": "1.0.0", "methodName": "place",
                "condition": "AND", "items": [
                    {"index": 0, "expr": ".name", "operator": "rawvalue", "value": "vip", "cond": "=="}]}]
ALB_RULES = [{"ingressId": "23", "serviceName": "orders", "condition": "AND", "items": [
    {"type": "sourceIp", "name": "ip", "operator": "rawvalue", "value": "10.0.0.1", "cond": "=="}]}]


def alibaba_error(check, run, status, code, operation):
    try:
        run()
        problems = [f"succeeded; expected {status} {code}"]
    except Exception as e:  # Tea raises its own exception types, all with code and data
        got = (getattr(e, "statusCode", None) or (getattr(e, "data", None) or {}).get("statusCode"),
               getattr(e, "code", None))
        problems = [] if got == (status, code) else [f"answered {got}; expected {status} {code}: {e}"]
    emit(f"error.{check}", problems, operation=operation)


def sae_routes():
    created = sae.create_grey_tag_route(sae_models.CreateGreyTagRouteRequest(
        app_id="orders-app", name="orders-canary", description="by header", sc_rules=json.dumps(SC_RULES)))
    route = created.body.data.grey_tag_route_id
    emit("echo.CreateGreyTagRoute", [] if isinstance(route, int) and route > 0 else [f"id {route!r}"],
         operation="CreateGreyTagRoute")

    described = sae.describe_grey_tag_route(sae_models.DescribeGreyTagRouteRequest(grey_tag_route_id=route))
    sent = {"GreyTagRouteId": route, "AppId": "orders-app", "Name": "orders-canary", "Description": "by header",
            "ScRules": SC_RULES}
    emit("echo.DescribeGreyTagRoute", echo_problems(sent, described.body.data.to_map()),
         operation="DescribeGreyTagRoute")

    sae.update_grey_tag_route(sae_models.UpdateGreyTagRouteRequest(
        grey_tag_route_id=route, description="by argument", sc_rules="[]", dubbo_rules=json.dumps(DUBBO_RULES)))
    described = sae.describe_grey_tag_route(sae_models.DescribeGreyTagRouteRequest(grey_tag_route_id=route))
    data = described.body.data.to_map()
    emit("echo.UpdateGreyTagRoute", echo_problems({"Description": "by argument", "DubboRules": DUBBO_RULES}, data) +
         ([] if data.get("ScRules") == [] else [f"ScRules {data.get('ScRules')}: sent []"]),
         operation="UpdateGreyTagRoute")

    alb = sae.create_grey_tag_route(sae_models.CreateGreyTagRouteRequest(
        app_id="orders-alb", name="orders-alb", alb_rules=json.dumps(ALB_RULES))).body.data.grey_tag_route_id
    listed = sae.list_grey_tag_route(sae_models.ListGreyTagRouteRequest(app_id="orders-alb"))
    result = [r.to_map() for r in listed.body.data.result]
    emit("echo.ListGreyTagRoute", echo_problems([{"GreyTagRouteId": alb, "Name": "orders-alb", "AlbRules": ALB_RULES}],
                                                result), operation="ListGreyTagRoute")

    for gone in (route, alb):
        sae.delete_grey_tag_route(sae_models.DeleteGreyTagRouteRequest(grey_tag_route_id=gone))
    describe = lambda i: lambda: sae.describe_grey_tag_route(  # noqa: E731
        sae_models.DescribeGreyTagRouteRequest(grey_tag_route_id=i))
    alibaba_error("describe_deleted", describe(route), 400, "InvalidParameter.WithMessage", "DescribeGreyTagRoute")
    alibaba_error("create_bad_name", lambda: sae.create_grey_tag_route(sae_models.CreateGreyTagRouteRequest(
        app_id="orders-app", name="Bad_Name")), 400, "InvalidParameter.Obviously", "CreateGreyTagRoute")
    alibaba_error("create_without_app", lambda: sae.create_grey_tag_route(sae_models.CreateGreyTagRouteRequest(
        name="no-app")), 400, "InvalidParameter.NotEmpty", "CreateGreyTagRoute")
    bad_alb = [{"condition": "AND", "items": [{**ALB_RULES[0]["items"][0], "cond": "!="}]}]
    alibaba_error("create_alb_cond", lambda: sae.create_grey_tag_route(sae_models.CreateGreyTagRouteRequest(
        app_id="orders-alb-2", name="alb-neq", alb_rules=json.dumps(bad_alb))), 400, "InvalidParameter.WithMessage",
        "CreateGreyTagRoute")
    sae.create_grey_tag_route(sae_models.CreateGreyTagRouteRequest(app_id="one-rule", name="first"))
    alibaba_error("create_second_rule", lambda: sae.create_grey_tag_route(sae_models.CreateGreyTagRouteRequest(
        app_id="one-rule", name="second")), 400, "InvalidParameter.WithMessage", "CreateGreyTagRoute")

    config = alibaba_config()
    config.access_key_secret = "wrong-secret"
    alibaba_error("alibaba_wrong_secret", lambda: SaeClient(config).describe_grey_tag_route(
        sae_models.DescribeGreyTagRouteRequest(grey_tag_route_id=1)), 400, "SignatureDoesNotMatch",
        "DescribeGreyTagRoute")

    big = "9223372036854775807"
    admin("POST", "/alibaba/sae/grey-tag-routes", {"GreyTagRouteId": big, "AppId": "big-app", "Name": "big"})
    read = sae.describe_grey_tag_route(sae_models.DescribeGreyTagRouteRequest(grey_tag_route_id=int(big)))
    emit("echo.int64_id", [] if read.body.data.grey_tag_route_id == int(big) else [
        f"read {read.body.data.grey_tag_route_id}"], operation="DescribeGreyTagRoute")


def asm_proxy_status():
    asm = raw_checked(AsmClient(alibaba_config()),
                      {"DescribeServiceMeshProxyStatus": asm_models.DescribeServiceMeshProxyStatusResponseBody})
    proxies = [{"ProxyId": "orders-v1-7d9f.default", "ProxyVersion": "1.22.6", "IstioVersion": "1.22.6",
                "ClusterSynced": "SYNCED", "ListenerSynced": "SYNCED", "RouteSynced": "NOT SENT",
                "EndpointSynced": "STALE", "EndpointPercent": "0.5"}]
    admin("PUT", "/alibaba/asm/meshes/c1a2b3", {"ProxyStatus": proxies})
    answer = asm.describe_service_mesh_proxy_status(
        asm_models.DescribeServiceMeshProxyStatusRequest(service_mesh_id="c1a2b3"))
    emit("echo.DescribeServiceMeshProxyStatus", echo_problems(
        {"ProxyStatus": proxies, "Code": "200"}, answer.body.to_map(), keys=("ProxyId",)),
        operation="DescribeServiceMeshProxyStatus")
    alibaba_error("proxy_status_unknown_mesh", lambda: asm.describe_service_mesh_proxy_status(
        asm_models.DescribeServiceMeshProxyStatusRequest(service_mesh_id="nope")), 404, "ServiceMesh.NotFound",
        "DescribeServiceMeshProxyStatus")


def section(name, run, *args):
    """A step that raises (an SDK exception, a failed deserialisation) fails its section, and the rest still run."""
    try:
        return run(*args)
    except Exception as e:  # reported, not hidden: the jest side fails on it
        emit(f"section.{name}", [f"{type(e).__name__}: {e}"[:2000]])
        return None


def check_show(vpc_channel_id):
    """One read of a channel, raw keys checked: lets a test plant a field the SDK lacks and see the check fail."""
    call("show_details_of_vpc_channel_v2",
         hw.ShowDetailsOfVpcChannelV2Request(instance_id=INSTANCE, vpc_channel_id=vpc_channel_id))


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "check-show":
    check_show(sys.argv[2])
elif __name__ == "__main__":
    channel = section("apig_channels", apig_channels)
    if channel:
        section("apig_members", apig_members, channel)
        section("apig_member_groups", apig_member_groups, channel)
        section("apig_health", apig_health, channel)
    section("apig_microservice", apig_microservice)
    if channel:
        section("apig_errors", apig_errors, channel)
    section("sae_routes", sae_routes)
    section("asm_proxy_status", asm_proxy_status)
    print(json.dumps({"done": True}), flush=True)
