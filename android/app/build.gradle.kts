// The Android app: Compose screens, CameraX, Android Keystore. Decisions are made in the Rust
// core (through :ffi) and in :presentation; this module draws them and talks to the platform.
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
val demoAuthorityAssets = layout.buildDirectory.dir("generated/demoAuthority")
val fixtureAssets = layout.buildDirectory.dir("generated/fixtureAssets")

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
        release {
            isMinifyEnabled = false
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    buildFeatures { compose = true }
    sourceSets {
        getByName("main") {
            jniLibs.srcDir(rustJniLibs)
            assets.srcDir(demoAuthorityAssets)
        }
        getByName("androidTest") {
            assets.srcDir(fixtureAssets)
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
    // "testing" until the app reaches the authority service (the demo authority is in-process).
    args += listOf("build", "-p", "vneid-bindings", "--lib", "--release", "--features", "testing")
    commandLine(args)
    environment("PATH", cargoPath)
    // Looked up when the task runs, so that a build that does not need the NDK never asks.
    val exec = this
    doFirst { exec.environment("ANDROID_NDK_HOME", ndkDirectory().path) }
    inputs.files(rootProject.extra["rustSources"] as FileTree)
    inputs.property("abis", abis)
    outputs.dir(out)
}

// A demo authority (root key, issuers, signed lists) made by the CLI at build time and shipped
// as an asset, so that the citizen phone and the officer phone of a demo build trust the same
// root. A production build replaces LocalAuthorityEndpoint with a client of the real server.
val demoAuthority by tasks.registering(Exec::class) {
    description = "Makes the demo authority with `vneid authority init` (assets/demo-authority)."
    workingDir = repoRoot
    val out = demoAuthorityAssets.get().asFile
    val dir = File(out, "demo-authority")
    doFirst { delete(out); out.mkdirs() }
    environment("PATH", cargoPath)
    commandLine(cargo, "run", "-q", "-p", "vneid-cli", "--bin", "vneid", "--", "authority", "init", dir.path)
    outputs.dir(out)
}

// The fixture vectors the UI tests turn into camera frames.
val fixtureAssetsTask by tasks.registering(Copy::class) {
    from(File(repoRoot, "fixtures/vectors"))
    into(fixtureAssets.map { it.dir("fixtures") })
}

tasks.named("preBuild") { dependsOn(cargoNdk, demoAuthority, fixtureAssetsTask) }

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
