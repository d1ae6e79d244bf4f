#!/usr/bin/env python3
"""What this repository can check of its Swift without a Swift toolchain (the project's machine
is a Linux Rust machine): every Swift file parses (tree-sitter-swift), every string key the iOS
code names is a row of core/src/strings.tsv, and every generated-API name the iOS code calls is
in the Swift bindings bindings/scripts/generate.sh generated. It also catches three mistakes a
parser can see that Xcode would refuse or ship: a `guard let` re-binding a local declared in the
same scope (an invalid redeclaration), a SWIFT_VERSION Xcode does not accept, and a UI-test hook
in the app outside `#if DEBUG`. It is NOT a compiler: types, overloads and SwiftUI are only
checked by Xcode.

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


# --- what the compiler would refuse that a parser can still see ----------------------------------
def bound_names(node):
    """Names a declaration's pattern binds (`let a = …`, `let (a, b) = …`)."""
    out = []
    for c in node.children:
        if c.type == "simple_identifier":
            out.append(c.text.decode())
        elif c.type == "pattern":
            out += bound_names(c)
    return out


def redeclarations(node, out):
    """`let x = …` then `guard let x = …` in the same block: "invalid redeclaration of 'x'" in
    Swift (a guard binds into the enclosing scope; `if let` opens a new one and is fine)."""
    if node.type == "statements":
        seen = set()
        for stmt in node.children:
            names = []
            if stmt.type == "property_declaration":
                for i, c in enumerate(stmt.children):
                    if stmt.field_name_for_child(i) == "name":
                        names += bound_names(c) if c.type == "pattern" else [c.text.decode()]
            elif stmt.type == "guard_statement":
                names = [c.text.decode() for i, c in enumerate(stmt.children)
                         if stmt.field_name_for_child(i) == "bound_identifier"]
                for n in names:
                    if n in seen:
                        out.append((stmt, n))
            seen.update(names)
    for c in node.children:
        redeclarations(c, out)
    return out


for f in sorted(files):
    tree = parser.parse(f.read_bytes())
    for stmt, name in redeclarations(tree.root_node, []):
        failures += 1
        print(f"{f.relative_to(ROOT)}:{stmt.start_point[0] + 1}: guard rebinds '{name}', declared before in the same "
              f"scope (invalid redeclaration): give one of them another name")

# Xcode accepts these SWIFT_VERSION values and no others ("5.9" is a compiler, not a language mode).
for m in re.finditer(r"SWIFT_VERSION:\s*\"?([0-9.]+)\"?", (IOS / "project.yml").read_text(encoding="utf-8")):
    if m.group(1) not in {"4.0", "4.2", "5.0", "6.0"}:
        failures += 1
        print(f"ios/project.yml: SWIFT_VERSION {m.group(1)} is not one Xcode accepts (4.0, 4.2, 5.0, 6.0)")


def debug_only_violations(path):
    """Lines outside `#if DEBUG` that name a UI-test hook: those hooks (a launch argument that
    swaps the keystore, the clock and the pinned root key) must not exist in a release build."""
    stack, bad = [], []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        s = line.strip()
        if s.startswith("#if "):
            stack.append(s[4:].strip() == "DEBUG")
        elif s.startswith("#elseif") or s.startswith("#else"):
            if stack:
                stack[-1] = False
        elif s.startswith("#endif"):
            if stack:
                stack.pop()
        elif not s.startswith("//") and re.search(r"UITest|VNEID_UITEST|RepeatingFrameSource|FixtureEndpoint", s):
            if not any(stack):
                bad.append(no)
    return bad


for f in sorted((IOS / "VNeID").rglob("*.swift")):
    for no in debug_only_violations(f):
        failures += 1
        print(f"{f.relative_to(ROOT)}:{no}: a UI-test hook outside #if DEBUG (it would ship in release builds)")

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
    # What the iOS code calls of the API the app ships (generated without the `testing` feature:
    # no LocalAuthority, no software doubles). Keep this list to what ios/ calls.
    calls = {
        # types and foreign traits
        "SessionManager", "Session", "AuthorityServer", "ServerTrust", "Policy", "QrScreenModel",
        "QrScreenState", "Countdown", "QrMatrix", "Scan", "VerdictView", "VerdictKind", "HistoryView",
        "HistoryRow", "PersonalView", "QrSwitch", "PaperRow", "PaperDetailView", "FieldRow", "FieldPicker",
        "FieldChoice", "DisclosedPaperView", "Row", "Tone", "Haptic", "Lang", "ScreenLocale", "Role",
        "Restored", "AuditIntegrity", "AttestationEvidence", "AppAttestHashes", "ApiError", "DeviceKeystore",
        "SecretStorage", "PlatformAttestation", "Clock", "CitizenApp", "OfficerApp", "Wallet",
        "CitizenAccount", "OfficerAccount", "AssuranceLevel", "SessionRefresh", "NoHandle",
        # functions and methods
        "signIn", "restore", "signOut", "role", "citizen", "wallet", "officer", "auditIntegrity",
        "setQrVerification", "refreshDue", "refreshLists", "identity", "presentation", "tick", "renew",
        "forget", "scanFrameForScreen", "updateTrust", "history", "personalView", "rows", "detailView",
        "fieldPicker", "fieldPickerToggle", "toneArgb", "toneOnBackgroundArgb", "errorText",
        "appAttestClientDataHashes", "defaultPolicy", "systemClock", "encodeQr", "stringKeys", "text",
        "openOrCreate", "open", "paperCount", "getOrCreateKey", "sign", "get", "put", "nowUnixSeconds", "attest",
        # record fields
        "headline", "reason", "reasonCode", "announcement", "warnings", "paper", "kind", "tone", "haptic",
        "repeat", "statusTone", "presentable", "maskable", "revealed", "hint", "choices", "selected",
        "qrSwitch", "checked", "enabled", "label", "value", "fraction", "serial", "typeCode", "validUntil",
        "seq", "time", "detail", "empty", "broken", "lang", "utcOffsetSecs", "attestation", "assertion",
        "clockToleranceSecs", "maxTokenValiditySecs", "requiredLevel", "maxListStalenessSecs",
        "acceptDevelopmentDevices", "size", "modules", "walletStatusesChanged", "header", "fields", "title",
        "status", "name", "personalId",
        # enum cases
        "showing", "settingOff", "failed", "session", "signedOut", "pinnedKeys", "publicCas", "ios", "none",
        "genuine", "fake", "cannotVerify", "warning", "confirm", "warn", "reject", "vi", "en", "intact",
        "level2", "Keystore", "Internal", "NoTrustList", "SignInFailed", "Network", "LevelTooLow", "Corrupt",
        "Storage",
    }
    for name in sorted(calls - names):
        failures += 1
        print(f"generated bindings have no {name}: the iOS code calls it")
else:
    print(f"no generated bindings at {generated}: run ios/scripts/generate-swift-bindings.sh")
    failures += 1

print(f"checked {len(files)} Swift files: {'ok' if not failures else f'{failures} problem(s)'}")
sys.exit(1 if failures else 0)
