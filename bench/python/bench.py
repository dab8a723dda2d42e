"""The Python side of `cargo xtask bench-peers`: scim2-models and
scim2-filter-parser on the same input files as scimkit (written by
`bench_peers write-inputs`).

    python bench/python/bench.py INPUTS_DIR

Prints one JSON object per line: {task, tool, opsPerSec, samples} or
{task, tool, na}. Each tool gets the JSON text (pydantic parses it itself,
as scimkit does). Timing: 300 ms warm-up, then the median of 5 samples of at
least 500 ms, the same as the native and JavaScript sides.
"""

import json
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser
from scim2_models import Context, EnterpriseUser, Group, ScimFilter, User

# ScimFilter caches parsed filters by text (an lru_cache in its grammar); to
# time parsing rather than a cache lookup, call its uncached parser.
from scim2_models.path.grammar import _build_filter

WARM_UP = 0.3
SAMPLE = 0.5
SAMPLES = 5


def measure(ops, fn):
    start = time.perf_counter()
    while time.perf_counter() - start < WARM_UP:
        fn()
    samples = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        calls = 0
        while calls == 0 or time.perf_counter() - start < SAMPLE:
            fn()
            calls += 1
        samples.append(calls * ops / (time.perf_counter() - start))
    return statistics.median(samples), samples


def report(task, tool, ops, fn):
    median, samples = measure(ops, fn)
    print(json.dumps({"task": task, "tool": tool, "opsPerSec": median, "samples": samples}), flush=True)


def na(task, tool, why):
    print(json.dumps({"task": task, "tool": tool, "na": why}), flush=True)


def main():
    inputs = Path(sys.argv[1])
    models = f"scim2-models {version('scim2-models')}"
    parser = f"scim2-filter-parser {version('scim2-filter-parser')}"

    text = (inputs / "entra-create-user.json").read_text()
    enterprise_user = User[EnterpriseUser]
    user = enterprise_user.model_validate_json(text, scim_ctx=Context.RESOURCE_CREATION_REQUEST)
    assert user.user_name.startswith("Test_User_")
    task = "validate Entra create-user body"
    report(
        task,
        models,
        1,
        lambda: enterprise_user.model_validate_json(text, scim_ctx=Context.RESOURCE_CREATION_REQUEST),
    )
    na(task, parser, "filters only")

    for task, name in [
        ("validate 10,000-member Group", "group-10k.json"),
        ("validate 100,000-member Group", "group-100k.json"),
    ]:
        text_group = (inputs / name).read_text()
        group = Group.model_validate_json(text_group, scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
        assert len(group.members) in (10_000, 100_000)
        report(
            task,
            models,
            1,
            lambda t=text_group: Group.model_validate_json(t, scim_ctx=Context.RESOURCE_QUERY_RESPONSE),
        )
        na(task, parser, "filters only")

    for task, name in (("parse IdP filters", "idp-filters.json"), ("parse RFC 7644 filters", "rfc-filters.json")):
        filters = json.loads((inputs / name).read_text())["filters"]
        for f in filters:
            SCIMParser().parse(SCIMLexer().tokenize(f))
            ScimFilter(f)
            _build_filter(f)

        def parse_all(filters=filters):
            for f in filters:
                SCIMParser().parse(SCIMLexer().tokenize(f))

        def scim_filter_all(filters=filters):
            for f in filters:
                _build_filter(f)

        report(task, parser, len(filters), parse_all)
        report(task, models + " (ScimFilter's parser, uncached)", len(filters), scim_filter_all)


if __name__ == "__main__":
    main()
