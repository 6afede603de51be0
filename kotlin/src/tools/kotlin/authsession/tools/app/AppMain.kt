// `authsession-app.jar`: the Kotlin host speaking `authsession.app/1` on stdin/stdout, for
// `authsession replay|simulate|explore --app "java -jar authsession-app.jar"`. A line that breaks
// the protocol ends it with one line on stderr and exit 2. Owns only that entry point.
package authsession.tools.app

import kotlin.system.exitProcess

fun main(args: Array<String>) {
    if (args.isNotEmpty()) {
        System.err.println("$APP_NAME: usage: $APP_NAME (authsession.app/1 on stdin/stdout)")
        exitProcess(2)
    }
    try {
        serve(Channel(System.`in`, System.out))
    } catch (failure: ProtocolFailure) {
        System.out.flush()
        System.err.println("$APP_NAME: ${failure.message}")
        exitProcess(2)
    }
    exitProcess(0)
}
