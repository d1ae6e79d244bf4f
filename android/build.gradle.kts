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
