// The Rust core's Kotlin API, generated at build time and never committed: cargo builds the
// FFI library and uniffi-bindgen for the host, then uniffi-bindgen reads the API from the
// built library (library mode) and writes vn/gov/vneid/core/vneid_ffi.kt.
// The same source is compiled for Android by :app's cargoNdk task; the API is identical.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.kotlin.jvm)
}

// Bytecode for Java 17, compiled by whatever JDK runs Gradle (17 or newer: Android Studio's
// bundled JBR 21, CI's 17). No toolchain pin: a pinned toolchain with no resolver fails on a
// machine that has only a newer JDK, and a resolver would download a JDK on first sync.
java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}
kotlin { compilerOptions { jvmTarget.set(JvmTarget.JVM_17) } }

val repoRoot = rootProject.extra["repoRoot"] as File
val cargoTarget = rootProject.extra["cargoTargetDir"] as File
val cargo = rootProject.extra["cargo"] as String
val cargoPath = rootProject.extra["cargoPath"] as String
val osName = System.getProperty("os.name").lowercase()
val isWindows = osName.startsWith("windows")
val hostLibName = when {
    osName.contains("mac") -> "libvneid_ffi.dylib"
    isWindows -> "vneid_ffi.dll"
    else -> "libvneid_ffi.so"
}
val hostLib = File(cargoTarget, "debug/$hostLibName")
val bindgen = File(cargoTarget, "debug/uniffi-bindgen" + if (isWindows) ".exe" else "")
val generatedDir = layout.buildDirectory.dir("generated/uniffi/kotlin")
extra["hostLibDir"] = hostLib.parentFile

val rustSources = rootProject.extra["rustSources"] as FileTree

val cargoBuildHost by tasks.registering(Exec::class) {
    description = "Builds the FFI library and uniffi-bindgen for this machine (cargo)."
    workingDir = repoRoot
    environment("PATH", cargoPath)
    // "cli": uniffi-bindgen. No "testing": the API generated here is the one the app ships
    // (cargoNdk builds the same default features), and :presentation's tests use only that.
    commandLine(cargo, "build", "-p", "vneid-bindings", "--features", "cli", "--lib", "--bin", "uniffi-bindgen")
    inputs.files(rustSources)
    outputs.files(hostLib, bindgen)
}

val generateBindings by tasks.registering(Exec::class) {
    description = "Generates the Kotlin bindings from the built library (uniffi library mode)."
    dependsOn(cargoBuildHost)
    // uniffi-bindgen finds bindings/uniffi.toml through cargo metadata: run it in the workspace.
    workingDir = repoRoot
    // uniffi-bindgen runs `cargo metadata`: the same cargo (CARGO), and its directory on PATH.
    environment("CARGO", cargo)
    environment("PATH", cargoPath)
    val out = generatedDir.get().asFile
    doFirst { delete(out) }
    commandLine(bindgen.path, "generate", "--library", hostLib.path, "--language", "kotlin", "--out-dir", out.path, "--no-format")
    inputs.file(hostLib)
    outputs.dir(out)
}

kotlin.sourceSets.getByName("main").kotlin.srcDir(generatedDir)
tasks.named("compileKotlin") { dependsOn(generateBindings) }

dependencies {
    // JNA: the JVM jar for compiling and JVM tests; the app ships the Android AAR instead.
    compileOnly(libs.jna)
}
