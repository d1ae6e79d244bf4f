// Everything the screens need, made once: the core's SessionManager over the platform (Android
// Keystore and Key Attestation, sealed secrets, the system clock) and the authority's server
// from the build configuration, and where camera frames come from. The app holds no key of the
// authority's: only the server's key pins and the root PUBLIC key (BuildConfig, android/README.md).
package vn.gov.vneid.app

import android.content.Context
import androidx.camera.view.PreviewView
import androidx.lifecycle.LifecycleOwner
import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import vn.gov.vneid.app.platform.AndroidKeystoreKeys
import vn.gov.vneid.app.platform.CameraFrameSource
import vn.gov.vneid.app.platform.KeyAttestation
import vn.gov.vneid.core.Clock
import vn.gov.vneid.core.PlatformAttestation
import vn.gov.vneid.core.SessionManager
import vn.gov.vneid.core.SessionManagerInterface
import vn.gov.vneid.core.systemClock
import vn.gov.vneid.presentation.officer.FrameSource
import vn.gov.vneid.presentation.platform.AesGcmSealer
import vn.gov.vneid.presentation.platform.FileByteStore
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore
import vn.gov.vneid.presentation.platform.SealedSecretStorage
import vn.gov.vneid.presentation.session.AuthorityConfig

/** Makes the officer screen's frame source: the camera, or frames a test injects. */
interface FrameSources {
    /** Whether the camera permission must be granted first. */
    val needsCameraPermission: Boolean

    /** [onError]: the camera cannot be used (main thread); the screen offers a retry. */
    fun create(context: Context, owner: LifecycleOwner, preview: PreviewView, onError: (Throwable) -> Unit): FrameSource
}

object CameraFrameSources : FrameSources {
    override val needsCameraPermission = true

    override fun create(context: Context, owner: LifecycleOwner, preview: PreviewView, onError: (Throwable) -> Unit): FrameSource =
        CameraFrameSource(context, owner, preview, onError)
}

class AppContainer(
    /** The core's session manager, or why there is none (a build without its authority). */
    val manager: Result<SessionManagerInterface>,
    val frames: FrameSources,
) {
    /** The thread camera frames are scanned on (one at a time; others are dropped). */
    val scanExecutor: ExecutorService = Executors.newSingleThreadExecutor { r -> Thread(r, "vneid-scan") }

    /** The thread sign-in, restore, saves, list refreshes and sign-out run on, in order. */
    val work: ExecutorService = Executors.newSingleThreadExecutor { r -> Thread(r, "vneid-session") }

    companion object {
        /** The authority the build names (BuildConfig, from Gradle properties). */
        fun authority(): AuthorityConfig = AuthorityConfig.of(
            BuildConfig.VNEID_SERVER_URL,
            BuildConfig.VNEID_SERVER_SPKI,
            BuildConfig.VNEID_ROOT_KEY,
            BuildConfig.VNEID_ACCEPT_DEVELOPMENT_DEVICES,
        )

        /**
         * The session manager over the platform. Files under [dataDir] (excluded from backup),
         * secrets sealed under a Keystore key in [dataDir]/secrets.
         */
        fun manager(
            context: Context,
            dataDir: File,
            clock: Clock = systemClock(),
            keys: AndroidKeystoreKeys = AndroidKeystoreKeys(context),
            attestation: PlatformAttestation = KeyAttestation(keys),
            config: AuthorityConfig = authority(),
        ): SessionManager = SessionManager(
            File(dataDir, "vneid").path,
            JcaDeviceKeystore(keys),
            SealedSecretStorage(FileByteStore(File(dataDir, "secrets")), AesGcmSealer(AndroidKeystoreKeys.wrappingKey())),
            clock,
            attestation,
            config.server(),
            config.rootPublicKey,
            config.policy(),
        )

        fun production(context: Context): AppContainer =
            AppContainer(runCatching { manager(context, context.noBackupFilesDir) }, CameraFrameSources)
    }
}
