#!/usr/bin/env python3
"""Validates a run's flags.jsonl, cases.jsonl, summary.json and run.json against the
JSON Schemas in docs/schema/ (Debian python3-jsonschema).

usage: validate_outputs.py SCHEMA_DIR OUT_DIR
Prints one line per problem and exits 1 if any, else prints a count and
exits 0. Besides the schemas it checks what a schema cannot say: no JSON
number is a float (money is a string, DECISIONS D20), and each flags.jsonl
object has its keys in the flags.csv column order.
"""
import json
import os
import sys

import jsonschema


def no_floats(text):
    raise ValueError("a JSON float " + text + " (money must be a string)")


def load_schema(schema_dir, name):
    with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return schema, cls(schema)


def main():
    schema_dir, out_dir = sys.argv[1], sys.argv[2]
    problems = []
    checked = 0
    for file_name, schema_name, per_line in (("flags.jsonl", "flags.schema.json", True),
                                             ("cases.jsonl", "cases.schema.json", True),
                                             ("summary.json", "summary.schema.json", False),
                                             ("run.json", "run.schema.json", False)):
        schema, validator = load_schema(schema_dir, schema_name)
        with open(os.path.join(out_dir, file_name), encoding="utf-8") as f:
            text = f.read()
        docs = text.splitlines() if per_line else [text]
        if per_line and text and not text.endswith("\n"):
            problems.append(f"{file_name}: last line has no newline")
        for n, doc in enumerate(docs, 1):
            where = f"{file_name}:{n}" if per_line else file_name
            try:
                obj = json.loads(doc, parse_float=no_floats)
            except ValueError as e:
                problems.append(f"{where}: {e}")
                continue
            for err in validator.iter_errors(obj):
                path = "/".join(str(p) for p in err.absolute_path)
                problems.append(f"{where}: {path or '(top)'}: {err.message}")
            if file_name == "flags.jsonl" and isinstance(obj, dict) and \
                    list(obj) != schema["required"]:
                problems.append(f"{where}: keys not in flags.csv column order (D20)")
            checked += 1
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"{checked} objects valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
