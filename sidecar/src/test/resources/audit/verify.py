#!/usr/bin/env python3
"""Verifies Gatehouse audit log files (oldest first) without Gatehouse: docs/AUDIT.md."""
import hashlib, json, sys

prev, seq = None, None
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        for n, raw in enumerate(f, 1):
            rec = json.loads(raw)
            stored = rec.pop("hash")
            body = json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            digest = hashlib.sha256((rec["prev_hash"] + body).encode("utf-8")).hexdigest()
            chained = prev is None or (rec["prev_hash"] == prev and rec["seq"] == seq + 1)
            if digest != stored or not chained:
                sys.exit(f"{name}:{n}: seq {rec['seq']} does not verify")
            prev, seq = stored, rec["seq"]
print(f"ok: last seq {seq}, hash {prev}")
