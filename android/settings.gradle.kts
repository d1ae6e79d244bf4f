// vneid Android app. Modules:
//   :ffi           the Kotlin bindings of the Rust core, generated at build time (uniffi library mode)
//   :presentation  pure Kotlin/JVM: screen states and every decision the screens show (no Android)
//   :app           the Android app: Compose screens, CameraX, Android Keystore
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "vneid-android"
include(":ffi", ":presentation", ":app")
