plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.kotlin.android) apply false
    alias(libs.plugins.kotlin.jvm) apply false
    alias(libs.plugins.kotlin.compose) apply false
}

// The Rust workspace is the repository root, one level up.
val repoRoot: File = rootDir.parentFile
extra["repoRoot"] = repoRoot
// Where cargo puts the host build (the library the JVM tests load and bindings are read from).
extra["cargoTargetDir"] = File(System.getenv("CARGO_TARGET_DIR") ?: File(repoRoot, "target").path)
// Every Rust crate of the workspace (core, bindings, qr, …: crates move), as task inputs.
extra["rustSources"] = fileTree(repoRoot) {
    include("Cargo.toml", "Cargo.lock", "rust-toolchain.toml", "*/Cargo.toml", "*/build.rs", "*/src/**", "bindings/uniffi.toml")
    exclude("target/**", "android/**", "ios/**", "fuzz/**", ".tools/**", ".git/**")
}

// local.properties (never committed; Android Studio writes sdk.dir into it): also where a
// developer may name cargo (`cargo.dir` or `rust.cargo`) and the NDK (`ndk.dir`).
val localProperties = java.util.Properties().apply {
    val file = File(rootDir, "local.properties")
    if (file.isFile) file.inputStream().use { load(it) }
}
extra["localProperties"] = localProperties

// cargo. A Gradle daemon started by Android Studio on macOS has the login PATH, not the
// shell's, so ~/.cargo/bin (added by the shell profile) is not on it and a bare `cargo` fails.
// Looked up in order: local.properties `rust.cargo` (the executable) or `cargo.dir` (the
// directory holding it), $CARGO_HOME/bin, ~/.cargo/bin, and last the PATH.
val exeSuffix = if (System.getProperty("os.name").lowercase().startsWith("windows")) ".exe" else ""
val cargo: String = localProperties.getProperty("rust.cargo")
    ?: localProperties.getProperty("cargo.dir")?.let { File(it, "cargo$exeSuffix").path }
    ?: listOfNotNull(
        System.getenv("CARGO_HOME")?.let { File(it, "bin/cargo$exeSuffix") },
        File(System.getProperty("user.home"), ".cargo/bin/cargo$exeSuffix"),
    ).firstOrNull { it.canExecute() }?.path
    ?: "cargo"
extra["cargo"] = cargo
// The PATH cargo's children see: cargo's own directory first, so that rustc (rustup's proxies
// beside cargo), cargo subcommands (cargo-ndk) and uniffi-bindgen's `cargo metadata` are found.
extra["cargoPath"] = listOfNotNull(File(cargo).parentFile?.path, System.getenv("PATH")).joinToString(File.pathSeparator)
