// NOT COMPILED HERE: needs the Android SDK (android.jar, API 28+); see AndroidKeystore.kt. The
// refresh lease of an app with a second process (a widget, a sync service in its own
// `android:process`) on a device, a few lines over `authsession.android.FileLease` (which is
// built and tested on the JVM): the lease file in device-protected, no-backup storage (readable
// in Direct Boot; it holds no secret; a lease restored from a backup would be another phone's),
// the boot-time clock (`SystemClock.elapsedRealtime()`, shared by every process of the device),
// this boot's identity (`Settings.Global.BOOT_COUNT`), and a `FileObserver` on the lease's
// directory that tells the session when another process wrote or gave the lease back.
package authsession.android.device

import android.content.Context
import android.os.FileObserver
import android.os.Handler
import android.os.Looper
import android.os.SystemClock
import android.provider.Settings
import authsession.android.FileLease
import authsession.host.LeaseRole
import java.io.File

const val LEASE_FILE = "authsession-lease.json"

/** The lease of this process: `role` `APP` in the app's main process, `EXTENSION` in any other
 *  (its lease expires 60 s after it was taken: a process killed while holding it blocks nobody
 *  for long). */
fun deviceLease(context: Context, role: LeaseRole = LeaseRole.APP): FileLease {
    val storage = context.createDeviceProtectedStorageContext()
    val boot = Settings.Global.getInt(storage.contentResolver, Settings.Global.BOOT_COUNT, -1)
    return FileLease(File(storage.noBackupFilesDir, LEASE_FILE), { SystemClock.elapsedRealtime() / 1000.0 }, "boot-$boot", role)
}

/** Calls `onChange` on the main thread whenever a process of the app writes or removes the lease
 *  file — a holder removes it once what its refresh was handed is stored: pass
 *  `{ session.sharedStoreChanged() }`. Keep the observer referenced while the session lives (a
 *  collected `FileObserver` stops); `stopWatching()` ends it. */
fun watchLease(context: Context, onChange: () -> Unit): FileObserver {
    val directory = context.createDeviceProtectedStorageContext().noBackupFilesDir
    val main = Handler(Looper.getMainLooper())
    val mask = FileObserver.CLOSE_WRITE or FileObserver.MOVED_TO or FileObserver.DELETE
    @Suppress("DEPRECATION") // FileObserver(File, Int) needs API 29
    val observer = object : FileObserver(directory.path, mask) {
        override fun onEvent(event: Int, path: String?) {
            if (path == LEASE_FILE) main.post { onChange() }
        }
    }
    observer.startWatching()
    return observer
}
