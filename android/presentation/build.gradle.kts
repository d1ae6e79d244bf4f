// Pure Kotlin/JVM: no Android imports, so it compiles and its tests run on any JVM.
// `gradle :presentation:test` runs the same tests as android/scripts/test-jvm.sh.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.kotlin.jvm)
}

// Java 17 bytecode from the JDK that runs Gradle (17+), as in :ffi (no toolchain pin).
java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}
kotlin { compilerOptions { jvmTarget.set(JvmTarget.JVM_17) } }

evaluationDependsOn(":ffi")

val repoRoot = rootProject.extra["repoRoot"] as File

dependencies {
    api(project(":ffi"))
    compileOnly(libs.jna)
    testImplementation(libs.jna)
    testImplementation(libs.junit)
}

tasks.test {
    dependsOn(":ffi:cargoBuildHost")
    // The tests call the real core: the host build of the library, loaded by JNA.
    systemProperty("jna.library.path", (project(":ffi").extra["hostLibDir"] as File).path)
    systemProperty("vneid.fixtures", File(repoRoot, "fixtures/vectors").path)
    systemProperty("vneid.android", rootDir.path)
}
