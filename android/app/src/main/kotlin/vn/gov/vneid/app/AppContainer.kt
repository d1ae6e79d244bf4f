// Everything the screens need, built once: the platform implementations of the core's foreign
// traits, the authority endpoint, the session manager and where camera frames come from.
package vn.gov.vneid.app

import android.content.Context
import androidx.camera.view.PreviewView
import androidx.lifecycle.LifecycleOwner
import java.io.File
import java.time.ZoneId
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import vn.gov.vneid.app.platform.AndroidKeystoreKeys
import vn.gov.vneid.app.platform.CameraFrameSource
import vn.gov.vneid.app.platform.DemoAuthorityEndpoint
import vn.gov.vneid.core.systemClock
import vn.gov.vneid.presentation.officer.FrameSource
import vn.gov.vneid.presentation.platform.AesGcmSealer
import vn.gov.vneid.presentation.platform.FileByteStore
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore
import vn.gov.vneid.presentation.platform.SealedSecretStorage
import vn.gov.vneid.presentation.session.AuthorityEndpoint
import vn.gov.vneid.presentation.session.Platform
import vn.gov.vneid.presentation.session.SessionManager

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
    val platform: Platform,
    val authority: AuthorityEndpoint,
    val frames: FrameSources,
    val zone: ZoneId = ZoneId.systemDefault(),
) {
    val sessions = SessionManager(platform, authority)

    /** The thread camera frames are scanned on (one at a time; others are dropped). */
    val scanExecutor: ExecutorService = Executors.newSingleThreadExecutor { r -> Thread(r, "vneid-scan") }

    companion object {
        fun production(context: Context): AppContainer {
            val clock = systemClock()
            val dir = context.noBackupFilesDir
            val platform = Platform(
                keystore = JcaDeviceKeystore(AndroidKeystoreKeys(context)),
                secrets = SealedSecretStorage(FileByteStore(File(dir, "secrets")), AesGcmSealer(AndroidKeystoreKeys.wrappingKey())),
                clock = clock,
                dataDir = File(dir, "vneid"),
            )
            return AppContainer(platform, DemoAuthorityEndpoint(context, clock), CameraFrameSources)
        }
    }
}
