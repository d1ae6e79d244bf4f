// The Swift bindings of the Rust core are generated next to this file, as VneidCore.swift, by
// ios/scripts/build-xcframework.sh (uniffi library mode, from the built library; not committed).
// If the compiler cannot find `CitizenApp`, `OfficerApp`, `Wallet`, …, run that script.

/// The module the uniffi bindings live in (bindings/uniffi.toml: `module_name = "VneidCore"`).
public enum VneidCoreModule {
    public static let name = "VneidCore"
}
