// Words on screen. What the core's screens show comes as text already, in the ScreenLocale's
// language; the few labels the app draws itself (tabs, buttons) are string resources generated
// from the same table (core/src/strings.tsv → res/values*, scripts/gen-strings.py).
package vn.gov.vneid.app.ui

import android.content.Context
import androidx.compose.runtime.Composable
import androidx.compose.ui.platform.LocalConfiguration
import androidx.compose.ui.platform.LocalContext
import vn.gov.vneid.core.ScreenLocale
import vn.gov.vneid.presentation.screenLocale

/** Resource name of a table key: dots become underscores (scripts/gen-strings.py). */
fun resourceName(key: String) = key.replace('.', '_')

fun Context.text(key: String): String {
    val id = resources.getIdentifier(resourceName(key), "string", packageName)
    return if (id == 0) key else getString(id)
}

/** A label of the table, in the app's language. */
@Composable
fun words(key: String): String = LocalContext.current.text(key)

/** The language (the app's, per-app language included) and UTC offset the core's screens are made in. */
fun Context.screenLocale(): ScreenLocale = screenLocale(resources.configuration.locales[0])

@Composable
fun rememberScreenLocale(): ScreenLocale {
    LocalConfiguration.current // read again when the configuration (language) changes
    return LocalContext.current.screenLocale()
}
