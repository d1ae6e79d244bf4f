// The Android app: Compose screens, CameraX, Android Keystore and Key Attestation. Every decision
// is made in the Rust core (through :ffi), the session and the server included; :presentation
// holds the threading and the adapters; this module draws and talks to the platform.
import java.util.Properties
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

val repoRoot = rootProject.extra["repoRoot"] as File
val cargo = rootProject.extra["cargo"] as String
val cargoPath = rootProject.extra["cargoPath"] as String
val localProperties = rootProject.extra["localProperties"] as Properties
val abis: List<String> = (findProperty("vneid.abis") as String? ?: "arm64-v8a,armeabi-v7a,x86_64")
    .split(',').map { it.trim() }.filter { it.isNotEmpty() }
val rustJniLibs = layout.buildDirectory.dir("rustJniLibs")

// The authority service the app reaches (no key of the authority's is in the app, only its root
// PUBLIC key and the server's key pins). Gradle properties: -Pvneid.server.url=…, or in
// android/gradle.properties or ~/.gradle/gradle.properties:
//   vneid.server.url    https://host:port (plain HTTP is refused by the core)
//   vneid.server.spki   SHA-256 of the server's SubjectPublicKeyInfo, hex, comma-separated (a
//                       spare key's pin for rotation); empty: a certificate from a public CA
//   vneid.root.key      the authority's root public key, SEC1, hex (130 digits)
// Debug builds also read android/dev-authority.properties, which scripts/dev-authority.sh
// writes for a development authority (emulator URL https://10.0.2.2:8443); they accept devices
// enrolled under its development attestation policy (emulators). Release builds never do, and
// fail to build without the three properties.
val devAuthority = Properties().apply {
    val file = File(rootDir, "dev-authority.properties")
    if (file.isFile) file.inputStream().use { load(it) }
}
fun authority(name: String, debug: Boolean): String =
    (findProperty(name) as String?) ?: (if (debug) devAuthority.getProperty(name) else null) ?: ""
fun quoted(s: String) = "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""

android {
    namespace = "vn.gov.vneid.app"
    compileSdk = 36

    defaultConfig {
        applicationId = "vn.gov.vneid.app"
        minSdk = 26
        targetSdk = 36
        versionCode = 1
        versionName = "0.1.0"
        testInstrumentationRunner = "androidx.test.runner.AndroidJUnitRunner"
        ndk { abiFilters += abis }
    }

    buildTypes {
        debug {
            buildConfigField("String", "VNEID_SERVER_URL", quoted(authority("vneid.server.url", true)))
            buildConfigField("String", "VNEID_SERVER_SPKI", quoted(authority("vneid.server.spki", true)))
            buildConfigField("String", "VNEID_ROOT_KEY", quoted(authority("vneid.root.key", true)))
            buildConfigField("boolean", "VNEID_ACCEPT_DEVELOPMENT_DEVICES", "true")
        }
        release {
            isMinifyEnabled = false
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            buildConfigField("String", "VNEID_SERVER_URL", quoted(authority("vneid.server.url", false)))
            buildConfigField("String", "VNEID_SERVER_SPKI", quoted(authority("vneid.server.spki", false)))
            buildConfigField("String", "VNEID_ROOT_KEY", quoted(authority("vneid.root.key", false)))
            buildConfigField("boolean", "VNEID_ACCEPT_DEVELOPMENT_DEVICES", "false")
        }
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    buildFeatures {
        compose = true
        buildConfig = true
    }
    sourceSets {
        getByName("main") {
            jniLibs.srcDir(rustJniLibs)
        }
    }
    packaging {
        resources.excludes += "/META-INF/{AL2.0,LGPL2.1}"
    }
    testOptions {
        animationsDisabled = true
    }
}

// Java 17 bytecode (compileOptions above) from the JDK that runs Gradle, 17 or newer (Android
// Studio's bundled JBR 21): no toolchain pin, which without a resolver fails where JDK 17 is
// not installed.
kotlin { compilerOptions { jvmTarget.set(JvmTarget.JVM_17) } }

/**
 * The NDK cargo-ndk builds with (it reads ANDROID_NDK_HOME; a Gradle daemon started by Android
 * Studio has no such variable): local.properties `ndk.dir`, else ANDROID_NDK_HOME if set, else
 * the NDK the Android Gradle plugin uses (`android.ndkVersion`, its default when unset; the
 * plugin may download it), else the newest NDK installed side by side in the SDK.
 */
fun ndkDirectory(): File {
    localProperties.getProperty("ndk.dir")?.let { return File(it) }
    System.getenv("ANDROID_NDK_HOME")?.let(::File)?.takeIf { it.isDirectory }?.let { return it }
    runCatching { androidComponents.sdkComponents.ndkDirectory.get().asFile }.getOrNull()
        ?.takeIf { it.isDirectory }?.let { return it }
    val sdk = localProperties.getProperty("sdk.dir") ?: System.getenv("ANDROID_HOME") ?: System.getenv("ANDROID_SDK_ROOT")
    sdk?.let { File(it, "ndk").listFiles() }.orEmpty()
        .filter { File(it, "source.properties").isFile }
        .maxByOrNull { dir -> dir.name.split('.').joinToString(".") { it.padStart(12, '0') } }
        ?.let { return it }
    throw GradleException(
        "No Android NDK found for cargo-ndk. Install one (Android Studio: Settings > Languages & Frameworks > " +
            "Android SDK > SDK Tools > NDK (Side by side)) or set ndk.dir in android/local.properties.",
    )
}

// --- the Rust core for Android -------------------------------------------------------------
val cargoNdk by tasks.registering(Exec::class) {
    description = "Builds libvneid_ffi.so for ${abis.joinToString()} with cargo-ndk into jniLibs."
    workingDir = repoRoot
    val out = rustJniLibs.get().asFile
    val args = mutableListOf(cargo, "ndk", "--platform", "26", "-o", out.path)
    abis.forEach { args += listOf("-t", it) }
    // Default features: no issuer, no test support (bindings/scripts/check-release-symbols.sh).
    // The UI tests use the shipped API too (androidTest), against a development authority.
    args += listOf("build", "-p", "vneid-bindings", "--lib", "--release")
    commandLine(args)
    environment("PATH", cargoPath)
    // Looked up when the task runs, so that a build that does not need the NDK never asks.
    val exec = this
    doFirst { exec.environment("ANDROID_NDK_HOME", ndkDirectory().path) }
    inputs.files(rootProject.extra["rustSources"] as FileTree)
    inputs.property("abis", abis)
    outputs.dir(out)
}

// A release build names its authority: no default, no development values.
tasks.matching { it.name == "preReleaseBuild" }.configureEach {
    doFirst {
        val missing = listOf("vneid.server.url", "vneid.root.key").filter { authority(it, false).isBlank() }
        if (missing.isNotEmpty()) throw GradleException("a release build needs -P${missing.joinToString(" -P") { "$it=…" }} (android/README.md)")
    }
}

tasks.named("preBuild") { dependsOn(cargoNdk) }

dependencies {
    implementation(project(":presentation"))
    // JNA for Android (native dispatch libraries per ABI), which the generated bindings call.
    implementation("${libs.jna.get().module}:${libs.versions.jna.get()}@aar")

    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.navigation.compose)
    implementation(platform(libs.compose.bom))
    implementation(libs.compose.ui)
    implementation(libs.compose.ui.tooling.preview)
    implementation(libs.compose.material3)
    implementation(libs.compose.material.icons)
    implementation(libs.camerax.core)
    implementation(libs.camerax.camera2)
    implementation(libs.camerax.lifecycle)
    implementation(libs.camerax.view)
    implementation(libs.kotlinx.coroutines.android)
    debugImplementation(libs.compose.ui.tooling)
    debugImplementation(libs.compose.ui.test.manifest)

    androidTestImplementation(platform(libs.compose.bom))
    androidTestImplementation(libs.compose.ui.test.junit4)
    androidTestImplementation(libs.androidx.test.ext.junit)
    androidTestImplementation(libs.androidx.test.runner)
    androidTestImplementation(libs.androidx.test.rules)
    androidTestImplementation(libs.androidx.espresso.core)
}
