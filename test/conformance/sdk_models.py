"""
The vendors' official SDK models as the oracle for wire shapes, shared by the conformance scripts.

`huawei_problems` / `tea_problems` walk a parsed JSON value alongside an SDK model type and return what the model
cannot hold: keys it does not have (a field we invented or misspelt), values of the wrong JSON type, wrong nesting.
Huawei models declare `openapi_types` and `attribute_map`; Alibaba (Tea/Darabonba) models declare their fields by
`__init__` annotations and their wire keys in `to_map`, read here from the generated source.
"""
import functools
import inspect
import json
import re
import sys

from huaweicloudsdkapig.v2 import model as huawei_model


def emit(check, problems, **detail):
    """One result line for the jest side: `ok` is true exactly when there are no problems."""
    print(json.dumps({"check": check, "ok": not problems, "problems": problems, **detail}, default=str), flush=True)


def kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _scalar(value, wanted, path, sdk_type):
    ok = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "any": True,
    }[wanted]
    return [] if ok else [f"{path}: a {kind(value)} where the SDK has {sdk_type}"]


# ---------------------------------------------------------------- Huawei

HUAWEI_SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "object": "any",
                  "datetime": "string", "date": "string"}


def huawei_problems(value, sdk_type, path="$"):
    if value is None:
        return []
    listed = re.fullmatch(r"list\[(.+)\]", sdk_type)
    if listed:
        if not isinstance(value, list):
            return [f"{path}: a {kind(value)} where the SDK has {sdk_type}"]
        return [p for i, item in enumerate(value) for p in huawei_problems(item, listed.group(1), f"{path}[{i}]")]
    mapped = re.fullmatch(r"dict\(str, (.+)\)", sdk_type)
    if mapped:
        if not isinstance(value, dict):
            return [f"{path}: a {kind(value)} where the SDK has {sdk_type}"]
        return [p for k, item in value.items() for p in huawei_problems(item, mapped.group(1), f"{path}.{k}")]
    if sdk_type in HUAWEI_SCALARS:
        return _scalar(value, HUAWEI_SCALARS[sdk_type], path, sdk_type)
    cls = getattr(huawei_model, sdk_type, None)
    if cls is None:
        return [f"{path}: SDK type {sdk_type} is not in huaweicloudsdkapig"]
    if not isinstance(value, dict):
        return [f"{path}: a {kind(value)} where the SDK has the object {sdk_type}"]
    attrs = {key: attr for attr, key in cls.attribute_map.items()}
    problems = []
    for key, item in value.items():
        attr = attrs.get(key)
        if attr is None:
            problems.append(f"{path}.{key}: not in the SDK model {sdk_type}")
        else:
            problems += huawei_problems(item, cls.openapi_types[attr], f"{path}.{key}")
    return problems


# ---------------------------------------------------------------- Alibaba (Tea)

TEA_SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "Any": "any",
               "Dict[str, Any]": "any", "dict": "any"}


@functools.lru_cache(maxsize=None)
def tea_fields(cls):
    """Wire key -> (attribute, annotation) of a Tea model, found by setting one attribute at a time and seeing which
    key of `to_map` changes (the generators differ in layout, not in behaviour)."""
    hints = {name: hint_text(p.annotation) for name, p in inspect.signature(cls.__init__).parameters.items()
             if name != "self"}
    baseline = cls().to_map()
    fields = {}
    for attr, hint in hints.items():
        probe = cls()
        setattr(probe, attr, _probe_value(hint, cls.__module__))
        changed = [k for k, v in probe.to_map().items() if baseline.get(k, _MISSING) != v]
        if len(changed) != 1:
            raise RuntimeError(f"{cls.__name__}.{attr}: to_map changed {changed}, not one key")
        fields[changed[0]] = (attr, hint)
    return fields


_MISSING = object()


def _probe_value(hint, module):
    if hint.startswith("List["):
        return [None]
    if hint.startswith("Dict["):
        return {"probe": "probe"}
    cls = None if hint in TEA_SCALARS else tea_class(hint, module)
    return cls() if cls is not None else "probe"


def hint_text(annotation):
    """Annotations are strings in some SDKs (postponed evaluation) and objects in others."""
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def tea_class(hint, module):
    name = hint.split(".")[-1]
    models = getattr(sys.modules[module], "main_models", None) or sys.modules[module]
    return getattr(models, name, None)


def tea_problems(value, hint, module, path="$"):
    """`hint`: an annotation string of a model in `module` (e.g. `List[main_models.X]`)."""
    if value is None:
        return []
    listed = re.fullmatch(r"List\[(.+)\]", hint)
    if listed:
        if not isinstance(value, list):
            return [f"{path}: a {kind(value)} where the SDK has {hint}"]
        return [p for i, item in enumerate(value) for p in tea_problems(item, listed.group(1), module, f"{path}[{i}]")]
    mapped = re.fullmatch(r"Dict\[str, (.+)\]", hint)
    if mapped and mapped.group(1) != "Any":
        if not isinstance(value, dict):
            return [f"{path}: a {kind(value)} where the SDK has {hint}"]
        return [p for k, item in value.items() for p in tea_problems(item, mapped.group(1), module, f"{path}.{k}")]
    if hint in TEA_SCALARS:
        return _scalar(value, TEA_SCALARS[hint], path, hint)
    cls = tea_class(hint, module)
    if cls is None:
        return [f"{path}: SDK type {hint} is not in {module}"]
    return tea_object_problems(value, cls, path)


def tea_object_problems(value, cls, path="$"):
    if not isinstance(value, dict):
        return [f"{path}: a {kind(value)} where the SDK has the object {cls.__name__}"]
    fields = tea_fields(cls)
    problems = []
    for key, item in value.items():
        if key not in fields:
            problems.append(f"{path}.{key}: not in the SDK model {cls.__name__}")
        else:
            problems += tea_problems(item, fields[key][1], cls.__module__, f"{path}.{key}")
    return problems


# ---------------------------------------------------------------- echo comparisons

def echo_problems(sent, got, path="$", keys=("host", "ecs_id", "member_group_name", "name", "path", "serviceName")):
    """Every field of `sent` must be in `got` with the same value; list items are matched by an identifying key."""
    if isinstance(sent, dict):
        if not isinstance(got, dict):
            return [f"{path}: sent an object, the SDK read back {kind(got)}"]
        problems = []
        for key, value in sent.items():
            if value is None:
                continue
            if key not in got or got[key] is None:
                problems.append(f"{path}.{key}: sent {json.dumps(value)}, the SDK read back nothing")
            else:
                problems += echo_problems(value, got[key], f"{path}.{key}", keys)
        return problems
    if isinstance(sent, list):
        if not isinstance(got, list) or len(got) != len(sent):
            return [f"{path}: sent {len(sent)} items, the SDK read back {json.dumps(got, default=str)[:200]}"]
        problems = []
        for i, item in enumerate(sent):
            key = next((k for k in keys if isinstance(item, dict) and item.get(k) not in (None, "")), None)
            match = next((g for g in got if key and isinstance(g, dict) and g.get(key) == item[key]), None)
            problems += echo_problems(item, match if key else got[i], f"{path}[{i}]", keys)
        return problems
    return [] if sent == got else [f"{path}: sent {json.dumps(sent)}, the SDK read back {json.dumps(got, default=str)}"]
