// UiText from :presentation to words on screen: table keys through the generated string
// resources (values/ Vietnamese, values-en/ English), data as it is.
package vn.gov.vneid.app.ui

import android.content.Context
import androidx.compose.runtime.Composable
import androidx.compose.ui.platform.LocalContext
import vn.gov.vneid.core.Lang
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.core.text as coreText

/** Resource name of a table key: dots become underscores (scripts/gen-strings.py). */
fun resourceName(key: String) = key.replace('.', '_')

fun Context.isEnglish(): Boolean = resources.configuration.locales[0].language == "en"

fun UiText.resolve(context: Context): String = when (this) {
    is UiText.Key -> {
        val id = context.resources.getIdentifier(resourceName(key), "string", context.packageName)
        when {
            id == 0 -> key
            args.isEmpty() -> context.getString(id)
            else -> context.getString(id, *args.toTypedArray())
        }
    }
    // The verdict headline shows both languages whatever the phone's language.
    is UiText.BothLanguages -> "${coreText(key, Lang.VI)} / ${coreText(key, Lang.EN)}"
    is UiText.Bilingual -> if (context.isEnglish()) en else vi
    is UiText.Plain -> text
}

@Composable
fun UiText.str(): String = resolve(LocalContext.current)

@Composable
fun key(key: String): String = UiText.Key(key).str()
