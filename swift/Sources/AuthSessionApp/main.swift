// `authsession-app`: the Swift host and its iOS keychain adapter speaking `authsession.app/1` on
// stdin/stdout, for `authsession replay|simulate|explore --app`. A line that breaks the protocol
// ends it with one line on stderr and exit 2. Owns only that entry point.

import Foundation

do {
    try serve()
} catch {
    FileHandle.standardError.write(Data("\(appName): \(error.description)\n".utf8))
    exit(2)
}
