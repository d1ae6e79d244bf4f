#!/usr/bin/env python3
"""What this repository can check of its Swift without a Swift toolchain (the project's machine
is a Linux Rust machine): every Swift file parses (tree-sitter-swift), every string key the iOS
code names is a row of core/src/strings.tsv, and every generated-API name the iOS code calls is
in the Swift bindings bindings/scripts/generate.sh generated. It is NOT a compiler: types,
overloads and SwiftUI are only checked by Xcode.

    python3 -m venv /tmp/ts && /tmp/ts/bin/pip install tree-sitter tree-sitter-swift
    /tmp/ts/bin/python ios/scripts/check-swift-syntax.py
"""
import pathlib
import re
import sys

import tree_sitter
import tree_sitter_swift

IOS = pathlib.Path(__file__).resolve().parent.parent
ROOT = IOS.parent
parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_swift.language()))

generated = IOS / "VNeIDCore/Sources/VneidCore/VneidCore.swift"
files = [p for p in IOS.rglob("*.swift") if ".build" not in p.parts and p != generated]
failures = 0


def errors(node, out):
    if node.type == "ERROR" or node.is_missing:
        out.append(node)
    for c in node.children:
        errors(c, out)
    return out


for f in sorted(files):
    tree = parser.parse(f.read_bytes())
    bad = errors(tree.root_node, [])
    if bad:
        failures += 1
        for n in bad[:5]:
            print(f"{f.relative_to(ROOT)}:{n.start_point[0] + 1}:{n.start_point[1] + 1}: syntax error ({n.type})")

table = {line.split("\t")[0] for line in (ROOT / "core/src/strings.tsv").read_text(encoding="utf-8").splitlines()
         if line and not line.startswith("#")}
key_re = re.compile(r'"((?:tab|setting|home|officer|verdict|label|reason|paper|wallet|login|level|role|error|personal|common)\.[a-z0-9_.]+)"')
for f in sorted(files):
    for m in key_re.finditer(f.read_text(encoding="utf-8")):
        if m.group(1) not in table and m.group(1) not in {"wallet.bin", "wallet.pass"}:
            failures += 1
            print(f"{f.relative_to(ROOT)}: string key {m.group(1)} is not in core/src/strings.tsv")

if generated.exists():
    api = generated.read_text(encoding="utf-8")
    names = set(re.findall(r"\b(?:func|class|struct|enum|protocol|case|let|var)\s+`?(\w+)", api))
    calls = {
        "CitizenApp", "OfficerApp", "Wallet", "LocalAuthority", "ManualClock", "EnrolmentService", "DeviceKeystore",
        "SecretStorage", "Clock", "Verdict", "Reason", "QrMatrix", "IdentityQr", "PresentationQr", "ApiError",
        "TrustBundle", "AuditEntry", "AuditIntegrity", "PaperDetail", "PaperField", "PaperSummary", "PaperType",
        "PaperStatus", "DisclosedPaper", "CitizenAccount", "OfficerAccount", "AssuranceLevel", "QrSetting",
        "TrustWarning", "Subject", "NewPaper", "FieldEntry", "Lang",
        "makeIdentityQr", "qrSetting", "setQrVerification", "certificateSerial", "savedState", "restore", "enrol",
        "now", "account", "scanFrame", "verifyText", "updateTrust", "openAuditLog", "auditEntries", "openOrCreate",
        "addOrReplace", "detail", "list", "present", "paperCount", "issueSamplePapers", "issuePaper", "publish",
        "rootPublicKey", "secondsLeft", "isExpired", "matrix", "identityQrValiditySeconds", "reasonCode",
        "reasonText", "text", "stringKeys", "paperTypes", "encodeQr", "memorySecretStorage", "softwareKeystore",
        "getOrCreateKey", "sign", "get", "put", "nowUnixSeconds", "advance", "load",
        "LevelTooLow", "QrSettingOff", "NotEnrolled", "NoTrustList", "StaleTrustList", "UntrustedList", "Keystore",
        "Storage", "Corrupt", "InvalidInput", "NotFound", "Network", "Internal",
        "needsLevel2", "needsEnrolment", "tokenExpired", "trustListStale", "revocationListStale", "notYetValid",
        "level1", "level2", "genuine", "fake", "intact", "broken",
    }
    for name in sorted(calls - names):
        failures += 1
        print(f"generated bindings have no {name}: the iOS code calls it")
else:
    print(f"no generated bindings at {generated}: run ios/scripts/generate-swift-bindings.sh")
    failures += 1

print(f"checked {len(files)} Swift files: {'ok' if not failures else f'{failures} problem(s)'}")
sys.exit(1 if failures else 0)
