package dev.narthex.promql.scripts;

/** A test script that does not follow the script language; fails the whole file, as upstream does. */
final class ScriptSyntaxException extends RuntimeException {
    ScriptSyntaxException(String message) {
        super(message);
    }
}
