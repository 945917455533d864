"""
The reverse direction: every cloud call the provider made in its own tests (recorded by the emulator with
CANARY_MESH_EMULATOR_RECORD) is checked against the official SDK's request models, so a field we misspell, mistype
or nest wrongly can never pass because the emulator shares our misreading.

Huawei: the operation is found by method and path among ApigClient's own operations (their `_*_http_info`); query
names must be the operation's query parameters, the body must fit its body model (`openapi_types`).
Alibaba: the SDK client builds the same call from our parameters (its request model's `from_map`); its method, path
and parameters must equal ours exactly, and JSON-valued rule parameters must fit the rule models.

Usage: request_models.py <recording dir>. Prints one JSON line per service and action, then a summary.
"""
import collections
import inspect
import json
import os
import re
import sys
import urllib.parse

from huaweicloudsdkapig.v2 import ApigClient
from huaweicloudsdkapig.v2 import model as huawei_model

from alibabacloud_tea_openapi.models import Config as AlibabaConfig
from alibabacloud_tea_util.models import RuntimeOptions
from alibabacloud_sae20190506.client import Client as SaeClient
from alibabacloud_sae20190506 import models as sae_models
from alibabacloud_servicemesh20200111.client import Client as AsmClient
from alibabacloud_servicemesh20200111 import models as asm_models

from sdk_models import emit, huawei_problems, tea_fields, tea_problems

# Services without an official SDK: checked against the documents by the project's own tests only.
NO_SDK = {"huawei-asm"}


# ---------------------------------------------------------------- Huawei

def huawei_operations():
    """(method, path regex, literal length, operation, request class, query names, body type) of every operation."""
    operations = []
    for name, member in inspect.getmembers(ApigClient):
        found = re.fullmatch(r"_(\w+)_http_info", name)
        doc = inspect.getdoc(getattr(ApigClient, found.group(1), None)) if found else None
        request = re.search(r":type request: :class:`huaweicloudsdkapig\.v2\.(\w+)`", doc or "")
        if not request:
            continue
        cls = getattr(huawei_model, request.group(1))
        info = member(cls())
        template = info["resource_path"]
        pattern = re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$")
        query = {key: cls.openapi_types[attr] for attr, key in cls.attribute_map.items()
                 if key in {q for q, _ in info["query_params"]}}
        operations.append((info["method"], pattern, len(re.sub(r"\{\w+\}", "", template)), found.group(1), cls,
                           query, cls.openapi_types.get("body")))
    return operations


def huawei_problems_of(call, operations):
    matches = [op for op in operations if op[0] == call["method"] and op[1].match(call["path"])]
    if not matches:
        return None, [f"{call['method']} {call['path']}: no operation of the SDK has this method and path"]
    _, _, _, operation, _, query, body_type = max(matches, key=lambda op: op[2])
    problems = []
    for key, value in call["query"]:
        if key not in query:
            problems.append(f"query {key}: not a query parameter of the SDK's {operation}")
        elif query[key] == "int" and not re.fullmatch(r"-?\d+", value):
            problems.append(f"query {key}={value}: the SDK has an int")
    if call["body"]:
        if body_type is None:
            problems.append(f"a body, but the SDK's {operation} takes none")
        else:
            problems += huawei_problems(json.loads(call["body"]), body_type, "body")
    return operation, problems


# ---------------------------------------------------------------- Alibaba

def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Captured(Exception):
    def __init__(self, params, request):
        super().__init__("captured")
        self.params, self.request = params, request


def capturing(client_class):
    client = client_class(AlibabaConfig(access_key_id="id", access_key_secret="secret", endpoint="127.0.0.1:1",
                                        protocol="http", region_id="cn-hangzhou"))

    def capture(params, request, runtime):
        raise Captured(params, request)

    client.call_api = capture
    return client


ALIBABA = {
    "alibaba-sae": (capturing(SaeClient), sae_models),
    "alibaba-asm": (capturing(AsmClient), asm_models),
}
# JSON-valued parameters and the models of what they hold (the request models type them as strings).
RULES = {key: hint for key, (_, hint) in tea_fields(sae_models.DescribeGreyTagRouteResponseBodyData).items()
         if key.endswith("Rules")}


def typed(value, hint):
    """A query string as the request model's field type, as an SDK user would set it."""
    if hint == "int" and re.fullmatch(r"-?\d+", value):
        return int(value)
    if hint == "bool" and value in ("true", "false"):
        return value == "true"
    return value


def alibaba_problems_of(call):
    client, models = ALIBABA[call["service"]]
    action = call["action"]
    request_class = getattr(models, f"{action}Request", None)
    run = getattr(client, f"{snake(action)}_with_options", None)
    if request_class is None or run is None:
        return [f"{action}: not an action of the SDK"]
    params = list(call["query"])
    if call["contentType"].startswith("application/x-www-form-urlencoded"):
        params += urllib.parse.parse_qsl(call["body"], keep_blank_values=True)
    ours = dict(params)
    problems = [f"{key}: sent twice" for key, n in collections.Counter(k for k, _ in params).items() if n > 1]
    fields = tea_fields(request_class)
    for key in ours:
        if key not in fields:
            problems.append(f"{key}: not a parameter of the SDK's {request_class.__name__}")
    request = request_class().from_map({k: typed(v, fields[k][1]) for k, v in ours.items() if k in fields})
    try:
        # ROA actions take headers; RPC actions do not.
        run(*([request, {}] if "headers" in inspect.signature(run).parameters else [request]), RuntimeOptions())
        return problems + ["the SDK made no call"]
    except Captured as captured:
        sdk, sent = captured.params, captured.request
    if (sdk.method, sdk.pathname) != (call["method"], call["path"]):
        problems.append(f"{call['method']} {call['path']}: the SDK sends {sdk.method} {sdk.pathname}")
    theirs = {**{k: str(v) for k, v in (sent.query or {}).items()},
              **({k: str(v) for k, v in sent.body.items()} if isinstance(sent.body, dict) else {})}
    for key in sorted(set(ours) | set(theirs)):
        if key in fields and ours.get(key) != theirs.get(key):
            problems.append(f"{key}: we send {ours.get(key)!r}, the SDK sends {theirs.get(key)!r}")
    for key, hint in RULES.items():
        if key in ours and ours[key].strip():
            problems += tea_problems(json.loads(ours[key]), hint, sae_models.DescribeGreyTagRouteResponseBodyData
                                     .__module__, key)
    return problems


# ---------------------------------------------------------------- main

def main(directory):
    calls = [json.loads(line) for name in sorted(os.listdir(directory)) if name.endswith(".jsonl")
             for line in open(os.path.join(directory, name), encoding="utf-8")]
    operations = huawei_operations()
    results = collections.defaultdict(lambda: {"calls": 0, "problems": [], "operation": None})
    unmodelled = collections.Counter()
    for call in calls:
        if call["service"] in NO_SDK or call["service"] not in ("huawei-apig", *ALIBABA):
            unmodelled[call["service"]] += 1
            continue
        result = results[(call["service"], call["action"])]
        result["calls"] += 1
        if call["service"] == "huawei-apig":
            result["operation"], problems = huawei_problems_of(call, operations)
        else:
            result["operation"], problems = call["action"], alibaba_problems_of(call)
        # One instance of each distinct problem is enough to act on.
        result["problems"] += [p for p in problems if p not in result["problems"]]
    for (service, action), result in sorted(results.items()):
        emit(f"request.{service}.{action}", result["problems"], service=service, action=action,
             operation=result["operation"], calls=result["calls"])
    print(json.dumps({"summary": {"calls": len(calls), "unmodelled": dict(unmodelled)}}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
