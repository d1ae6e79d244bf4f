// The authority of a demo build: the directory `vneid authority init` made at build time,
// shipped as assets/demo-authority, copied to private storage and loaded by the core.
// A production build implements AuthorityEndpoint as a client of the ministry's server.
package vn.gov.vneid.app.platform

import android.content.Context
import java.io.File
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.Clock
import vn.gov.vneid.core.EnrolmentService
import vn.gov.vneid.core.LocalAuthority
import vn.gov.vneid.core.TrustBundle
import vn.gov.vneid.presentation.session.AuthorityEndpoint
import vn.gov.vneid.presentation.session.LocalAuthorityEndpoint

class DemoAuthorityEndpoint(private val context: Context, private val clock: Clock) : AuthorityEndpoint {
    // Loaded on first use, off the main thread (SessionManager runs on a background dispatcher).
    private val local by lazy { LocalAuthorityEndpoint(LocalAuthority.load(unpack().path, clock)) }

    override val enrolment: EnrolmentService get() = local.enrolment
    override fun rootPublicKey(): ByteArray = local.rootPublicKey()
    override fun trustBundle(): TrustBundle = local.trustBundle()
    override fun papersFor(citizen: CitizenApp): List<ByteArray> = local.papersFor(citizen)

    private fun unpack(): File {
        val target = File(context.noBackupFilesDir, ASSET_DIR)
        if (!File(target, "authority.json").exists()) copyAssets(ASSET_DIR, target)
        return target
    }

    private fun copyAssets(path: String, to: File) {
        val children = context.assets.list(path).orEmpty()
        if (children.isEmpty()) {
            to.parentFile?.mkdirs()
            context.assets.open(path).use { input -> to.outputStream().use { input.copyTo(it) } }
        } else {
            to.mkdirs()
            for (child in children) copyAssets("$path/$child", File(to, child))
        }
    }

    companion object {
        const val ASSET_DIR = "demo-authority"
    }
}
