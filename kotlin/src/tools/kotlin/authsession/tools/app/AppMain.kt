package authsession.tools.app
fun main() {}
