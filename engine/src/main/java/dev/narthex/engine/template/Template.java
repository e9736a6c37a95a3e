package dev.narthex.engine.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Go text/template: text, actions with pipelines, variables, {@code if/else if/else},
 * {@code range} (with {@code $i, $v :=}), {@code with}, comments and trim markers. Parse once,
 * execute many times; immutable and thread-safe.
 */
public final class Template {
    private final String name;
    private final String source;
    private final List<Node> root;

    private Template(String name, String source, List<Node> root) {
        this.name = name;
        this.source = source;
        this.root = root;
    }

    /**
     * Parses {@code text}; every function named must be in {@code functions} (Go checks that at parse
     * time), as must the built-ins.
     */
    public static Template parse(String name, String text, Set<String> functions) throws TemplateException {
        Parser p = new Parser(name, text, functions);
        return new Template(name, text, p.parseAll());
    }

    /** Runs the template with {@code dot} as its data and {@code functions} available. */
    public String execute(Object dot, Map<String, TemplateFunction> functions) throws TemplateException {
        StringBuilder out = new StringBuilder();
        Exec e = new Exec(this, functions, out);
        e.vars.add(new Var("$", dot));
        try {
            e.walkList(root, dot);
        } catch (ExecError err) {
            int[] lc = lineCol(err.pos);
            throw new TemplateException("template: " + name + ":" + lc[0] + ":" + lc[1] + ": executing \"" + name
                    + "\" at <" + err.node + ">: " + err.getMessage());
        }
        return out.toString();
    }

    private int[] lineCol(int pos) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < pos && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, source.substring(lineStart, Math.min(pos, source.length())).getBytes(java.nio.charset.StandardCharsets.UTF_8).length};
    }

    // ---- syntax tree ----

    sealed interface Node permits Text, Action, Control {
    }

    record Text(String text) implements Node {
    }

    record Action(Pipe pipe) implements Node {
    }

    /** if / range / with; {@code elseList} may hold a single nested Control for "else if". */
    record Control(String kind, Pipe pipe, List<Node> list, List<Node> elseList) implements Node {
    }

    record Pipe(List<String> decl, boolean assign, List<Cmd> cmds) {
    }

    record Cmd(List<Arg> args, int pos, String text) {
    }

    sealed interface Arg permits Field, VarRef, Dot, Ident, Literal, SubPipe {
    }

    record Field(List<String> chain) implements Arg {
    }

    record VarRef(String name, List<String> chain) implements Arg {
    }

    record Dot() implements Arg {
    }

    record Ident(String name) implements Arg {
    }

    record Literal(Object value) implements Arg {
    }

    record SubPipe(Pipe pipe, List<String> chain) implements Arg {
    }

    private record Var(String name, Object value) {
    }

    // ---- parser ----

    private static final Set<String> BUILTINS = Set.of("and", "or", "not", "len", "index", "printf", "print", "println",
            "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "slice", "call");

    private static final class Parser {
        private final String name;
        private final String src;
        private final Set<String> functions;
        private int pos;
        // action-level tokens
        private List<Tok> toks;
        private int ti;
        private int actionLine;
        // variables in scope, as Go checks them at parse time
        private final List<String> vars = new ArrayList<>(List.of("$"));

        Parser(String name, String src, Set<String> functions) {
            this.name = name;
            this.src = src;
            this.functions = functions;
        }

        private TemplateException error(String msg) {
            return new TemplateException("template: " + name + ":" + actionLine + ": " + msg);
        }

        private int lineAt(int p) {
            int line = 1;
            for (int i = 0; i < p && i < src.length(); i++) {
                if (src.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        List<Node> parseAll() throws TemplateException {
            List<Node> nodes = new ArrayList<>();
            String end = parseList(nodes);
            if (end != null) {
                throw error("unexpected {{" + end + "}}");
            }
            return nodes;
        }

        /** Parses nodes until {{end}} / {{else...}} (returned as the keyword) or EOF (null). */
        private String parseList(List<Node> out) throws TemplateException {
            while (pos < src.length()) {
                int open = src.indexOf("{{", pos);
                if (open < 0) {
                    out.add(new Text(src.substring(pos)));
                    pos = src.length();
                    break;
                }
                String text = src.substring(pos, open);
                boolean trimLeft = src.startsWith("{{- ", open) || src.startsWith("{{-\t", open) || src.startsWith("{{-\n", open);
                if (trimLeft) {
                    text = stripTrailing(text);
                }
                if (!text.isEmpty()) {
                    out.add(new Text(text));
                }
                int start = open + (trimLeft ? 3 : 2);
                actionLine = lineAt(open);
                int close = findClose(start);
                boolean trimRight = close >= 2 && src.startsWith(" -}}", close - 2) || src.startsWith("\t-}}", close - 2)
                        || src.startsWith("\n-}}", close - 2);
                int innerEnd = trimRight ? close - 1 : close;
                pos = close + 2;
                if (trimRight) {
                    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                        pos++;
                    }
                }
                String inner = src.substring(start, innerEnd);
                String stripped = inner.strip();
                if (stripped.startsWith("/*")) {
                    if (!stripped.endsWith("*/")) {
                        throw error("comment ends before closing delimiter");
                    }
                    continue;
                }
                toks = lex(inner, start);
                ti = 0;
                if (toks.isEmpty()) {
                    throw error("missing value for command");
                }
                Tok first = toks.get(0);
                if (first.kind == 'k') {
                    switch (first.text) {
                        case "end" -> {
                            expectEndOfAction(1);
                            return "end";
                        }
                        case "else" -> {
                            return "else";
                        }
                        case "if", "range", "with" -> {
                            ti = 1;
                            out.add(control(first.text));
                            continue;
                        }
                        default -> throw error("unexpected <" + first.text + "> in command");
                    }
                }
                out.add(new Action(pipeline(true)));
                if (ti < toks.size()) {
                    throw error("unexpected " + toks.get(ti).text + " in command");
                }
            }
            return null;
        }

        private void expectEndOfAction(int at) throws TemplateException {
            if (toks.size() > at) {
                throw error("unexpected " + toks.get(at).text + " in end");
            }
        }

        private Control control(String kind) throws TemplateException {
            int scope = vars.size();
            Control c = controlBody(kind);
            while (vars.size() > scope) {
                vars.remove(vars.size() - 1);
            }
            return c;
        }

        private Control controlBody(String kind) throws TemplateException {
            Pipe pipe = pipeline(true);
            if (pipe.cmds.isEmpty()) {
                throw error("missing value for " + kind);
            }
            List<Node> list = new ArrayList<>();
            String end = parseList(list);
            if (end == null) {
                throw error("unexpected EOF");
            }
            List<Node> elseList = null;
            if (end.equals("else")) {
                elseList = new ArrayList<>();
                if (toks.size() > 1 && toks.get(1).kind == 'k' && (toks.get(1).text.equals("if") || toks.get(1).text.equals("with"))) {
                    // "else if" nests a control that shares our {{end}}
                    ti = 2;
                    elseList.add(control(toks.get(1).text));
                } else {
                    expectEndOfAction(1);
                    String e2 = parseList(elseList);
                    if (!"end".equals(e2)) {
                        throw error(e2 == null ? "unexpected EOF" : "expected end; found {{else}}");
                    }
                }
            }
            return new Control(kind, pipe, List.copyOf(list), elseList == null ? null : List.copyOf(elseList));
        }

        private int findClose(int from) throws TemplateException {
            int i = from;
            char quote = 0;
            while (i < src.length()) {
                char c = src.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && quote != '`') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    } else if (c == '\n' && quote != '`') {
                        throw error("unterminated quoted string");
                    }
                } else if (c == '"' || c == '`' || c == '\'') {
                    quote = c;
                } else if (src.startsWith("}}", i)) {
                    return i;
                }
                i++;
            }
            throw error("unclosed action");
        }

        private static String stripTrailing(String s) {
            int e = s.length();
            while (e > 0 && Character.isWhitespace(s.charAt(e - 1))) {
                e--;
            }
            return s.substring(0, e);
        }

        private Pipe pipeline(boolean allowDecl) throws TemplateException {
            List<String> decl = new ArrayList<>();
            boolean assign = false;
            if (allowDecl && ti < toks.size() && toks.get(ti).kind == '$') {
                int save = ti;
                List<String> names = new ArrayList<>();
                names.add(toks.get(ti).text);
                int j = ti + 1;
                if (j < toks.size() && toks.get(j).kind == ',' && j + 1 < toks.size() && toks.get(j + 1).kind == '$') {
                    names.add(toks.get(j + 1).text);
                    j += 2;
                }
                if (j < toks.size() && (toks.get(j).kind == 'D' || toks.get(j).kind == '=')) {
                    assign = toks.get(j).kind == '=';
                    decl = names;
                    ti = j + 1;
                    for (String n : names) {
                        if (assign && !vars.contains(n)) {
                            throw error("undefined variable \"" + n + "\"");
                        }
                    }
                } else {
                    ti = save;
                }
            }
            List<Cmd> cmds = new ArrayList<>();
            int declareAfter = assign ? 0 : decl.size();
            while (ti < toks.size() && toks.get(ti).kind != ')') {
                cmds.add(command());
                if (ti < toks.size() && toks.get(ti).kind == '|') {
                    ti++;
                    if (ti >= toks.size() || toks.get(ti).kind == ')') {
                        throw error("missing command");
                    }
                } else {
                    break;
                }
            }
            // a declared variable is visible only after its own pipeline
            vars.addAll(decl.subList(0, declareAfter));
            return new Pipe(List.copyOf(decl), assign, List.copyOf(cmds));
        }

        private Cmd command() throws TemplateException {
            List<Arg> args = new ArrayList<>();
            int startPos = toks.get(ti).pos;
            int endPos = startPos;
            while (ti < toks.size()) {
                Tok t = toks.get(ti);
                if (t.kind == '|' || t.kind == ')') {
                    break;
                }
                args.add(operand());
                endPos = toks.get(ti - 1).end;
            }
            if (args.isEmpty()) {
                throw error("empty command");
            }
            return new Cmd(List.copyOf(args), startPos, src.substring(startPos, endPos));
        }

        private Arg operand() throws TemplateException {
            Tok t = toks.get(ti++);
            switch (t.kind) {
                case '.':
                    return t.text.equals(".") ? new Dot() : new Field(chain(t.text));
                case '$': {
                    int dot = t.text.indexOf('.');
                    String var = dot < 0 ? t.text : t.text.substring(0, dot);
                    if (!vars.contains(var)) {
                        throw error("undefined variable \"" + var + "\"");
                    }
                    return new VarRef(var, dot < 0 ? List.of() : chain(t.text.substring(dot)));
                }
                case 'i':
                    if (!functions.contains(t.text) && !BUILTINS.contains(t.text)) {
                        throw error("function \"" + t.text + "\" not defined");
                    }
                    return new Ident(t.text);
                case 's':
                case 'n':
                    return new Literal(t.value);
                case 'k':
                    if (t.text.equals("true") || t.text.equals("false")) {
                        return new Literal(Boolean.valueOf(t.text));
                    }
                    if (t.text.equals("nil")) {
                        return new Literal(null);
                    }
                    throw error("unexpected <" + t.text + "> in operand");
                case '(': {
                    Pipe p = pipeline(false);
                    if (ti >= toks.size() || toks.get(ti).kind != ')') {
                        throw error("unclosed left paren");
                    }
                    Tok close = toks.get(ti++);
                    List<String> ch = List.of();
                    if (close.text.length() > 1) {
                        ch = chain(close.text.substring(1));
                    }
                    return new SubPipe(p, ch);
                }
                default:
                    throw error("unexpected \"" + t.text + "\" in operand");
            }
        }

        private static List<String> chain(String dotted) {
            List<String> out = new ArrayList<>();
            for (String s : dotted.substring(1).split("\\.")) {
                out.add(s);
            }
            return List.copyOf(out);
        }

        private record Tok(char kind, String text, Object value, int pos, int end) {
        }

        private static final Set<String> KEYWORDS = Set.of("if", "else", "end", "range", "with", "true", "false", "nil",
                "define", "template", "block", "break", "continue");

        private List<Tok> lex(String s, int base) throws TemplateException {
            List<Tok> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                int st = i;
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '|' || c == ',' || c == '(' || c == '=') {
                    out.add(new Tok(c, String.valueOf(c), null, base + i, base + i + 1));
                    i++;
                } else if (c == ')') {
                    i++;
                    while (i < s.length() && s.charAt(i) == '.' && i + 1 < s.length() && isIdent(s.charAt(i + 1))) {
                        i++;
                        while (i < s.length() && isIdent(s.charAt(i))) {
                            i++;
                        }
                    }
                    out.add(new Tok(')', s.substring(st, i), null, base + st, base + i));
                } else if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    out.add(new Tok('D', ":=", null, base + i, base + i + 2));
                    i += 2;
                } else if (c == '"' || c == '`') {
                    int e = i + 1;
                    while (e < s.length() && s.charAt(e) != c) {
                        if (c == '"' && s.charAt(e) == '\\') {
                            e++;
                        }
                        e++;
                    }
                    if (e >= s.length()) {
                        throw error("unterminated quoted string");
                    }
                    String lit = s.substring(i, e + 1);
                    out.add(new Tok('s', lit, c == '`' ? lit.substring(1, lit.length() - 1) : unquote(lit), base + i, base + e + 1));
                    i = e + 1;
                } else if (c == '$' || c == '.') {
                    i++;
                    while (i < s.length() && (isIdent(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    String text = s.substring(st, i);
                    if (c == '.' && text.length() > 1 && Character.isDigit(text.charAt(1))) {
                        out.add(new Tok('n', text, Double.parseDouble(text), base + st, base + i));
                    } else {
                        out.add(new Tok(c, text, null, base + st, base + i));
                    }
                } else if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < s.length() && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
                    i++;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_'
                            || ((s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
                        i++;
                    }
                    String text = s.substring(st, i);
                    out.add(new Tok('n', text, number(text), base + st, base + i));
                } else if (isIdent(c)) {
                    while (i < s.length() && isIdent(s.charAt(i))) {
                        i++;
                    }
                    String text = s.substring(st, i);
                    out.add(new Tok(KEYWORDS.contains(text) ? 'k' : 'i', text, null, base + st, base + i));
                } else {
                    throw error("unexpected \"" + c + "\" in command");
                }
            }
            return out;
        }

        private Object number(String text) throws TemplateException {
            String t = text.replace("_", "");
            try {
                if (t.matches("[+-]?[0-9]+")) {
                    return Long.parseLong(t);
                }
                if (t.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                    boolean neg = t.startsWith("-");
                    long v = Long.parseLong(t.substring(t.indexOf('x') + 1 > 0 ? t.toLowerCase().indexOf('x') + 1 : 2), 16);
                    return neg ? -v : v;
                }
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw error("bad number syntax: \"" + text + "\"");
            }
        }

        private static boolean isIdent(char c) {
            return c == '_' || Character.isLetterOrDigit(c);
        }

        private String unquote(String lit) throws TemplateException {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < lit.length() - 1; i++) {
                char c = lit.charAt(i);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = lit.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    case '"' -> sb.append('"');
                    case '\'' -> sb.append('\'');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case 'x' -> {
                        sb.append((char) Integer.parseInt(lit.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(lit.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> throw error("invalid syntax in string " + lit);
                }
            }
            return sb.toString();
        }
    }

    // ---- execution ----

    /** An execution failure at a command; turned into Go's message by {@link #execute}. */
    static final class ExecError extends RuntimeException {
        final int pos;
        final String node;

        ExecError(int pos, String node, String message) {
            super(message, null, false, false);
            this.pos = pos;
            this.node = node;
        }
    }

    /** Marks maps whose missing keys read as nil ({@code map[string]any}, from {@code args}). */
    public static final class AnyMap extends java.util.LinkedHashMap<String, Object> {
    }

    /** A Go struct: fixed field names; reading another field is an error. */
    public record Struct(String typeName, Map<String, Object> fields) {
    }

    /** NaN against anything: unequal and unordered, as Go's float comparisons. */
    private static final int UNORDERED = Integer.MIN_VALUE;

    private static final class Exec {
        private final Template t;
        private final Map<String, TemplateFunction> functions;
        private final StringBuilder out;
        final List<Var> vars = new ArrayList<>();
        private Cmd current;

        Exec(Template t, Map<String, TemplateFunction> functions, StringBuilder out) {
            this.t = t;
            this.functions = functions;
            this.out = out;
        }

        private ExecError fail(String msg) {
            return current == null ? new ExecError(0, "", msg) : new ExecError(current.pos, current.text, msg);
        }

        void walkList(List<Node> list, Object dot) {
            for (Node n : list) {
                walk(n, dot);
            }
        }

        private void walk(Node n, Object dot) {
            if (n instanceof Text tx) {
                out.append(tx.text);
            } else if (n instanceof Action a) {
                Object v = pipe(a.pipe, dot);
                if (a.pipe.decl.isEmpty()) {
                    out.append(printable(v));
                }
            } else if (n instanceof Control c) {
                int mark = vars.size();
                Object v = pipe(c.pipe, dot, !c.kind.equals("range"));
                switch (c.kind) {
                    case "if" -> {
                        if (truth(v)) {
                            walkList(c.list, dot);
                        } else if (c.elseList != null) {
                            walkList(c.elseList, dot);
                        }
                    }
                    case "with" -> {
                        if (truth(v)) {
                            walkList(c.list, v);
                        } else if (c.elseList != null) {
                            walkList(c.elseList, dot);
                        }
                    }
                    default -> range(c, v, dot);
                }
                truncate(mark);
            }
        }

        private void range(Control c, Object v, Object dot) {
            int mark = vars.size();
            int n = 0;
            if (v instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
                    setRangeVars(c.pipe, e.getKey(), e.getValue());
                    walkList(c.list, e.getValue());
                    n++;
                }
            } else if (v instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    setRangeVars(c.pipe, (long) i, l.get(i));
                    walkList(c.list, l.get(i));
                    n++;
                }
            } else if (v instanceof Long count) {
                for (long i = 0; i < count; i++) {
                    setRangeVars(c.pipe, i, i);
                    walkList(c.list, i);
                    n++;
                }
            } else if (v != null) {
                throw fail("range can't iterate over " + GoFormat.print(v));
            }
            truncate(mark);
            if (n == 0 && c.elseList != null) {
                walkList(c.elseList, dot);
            }
        }

        private void setRangeVars(Pipe p, Object key, Object elem) {
            if (p.decl.size() == 1) {
                setVar(p.decl.get(0), elem, false);
            } else if (p.decl.size() == 2) {
                setVar(p.decl.get(0), key, false);
                setVar(p.decl.get(1), elem, false);
            }
        }

        private void truncate(int mark) {
            while (vars.size() > mark) {
                vars.remove(vars.size() - 1);
            }
        }

        private void setVar(String name, Object value, boolean assign) {
            if (assign) {
                for (int i = vars.size() - 1; i >= 0; i--) {
                    if (vars.get(i).name.equals(name)) {
                        vars.set(i, new Var(name, value));
                        return;
                    }
                }
                throw fail("undefined variable: " + name);
            }
            vars.add(new Var(name, value));
        }

        private Object lookupVar(String name) {
            for (int i = vars.size() - 1; i >= 0; i--) {
                if (vars.get(i).name.equals(name)) {
                    return vars.get(i).value;
                }
            }
            throw fail("undefined variable: " + name);
        }

        private Object pipe(Pipe p, Object dot) {
            return pipe(p, dot, true);
        }

        /** Evaluates a pipeline; {@code declare} is false for range, whose variables take the elements. */
        private Object pipe(Pipe p, Object dot, boolean declare) {
            Object v = null;
            boolean hasFinal = false;
            for (Cmd c : p.cmds) {
                v = command(c, dot, hasFinal, v);
                hasFinal = true;
            }
            if (declare && p.decl.size() == 1) {
                setVar(p.decl.get(0), v, p.assign);
            }
            return v;
        }

        private Object command(Cmd c, Object dot, boolean hasFinal, Object fin) {
            Cmd saved = current;
            current = c;
            try {
                Arg first = c.args.get(0);
                if (first instanceof Ident id) {
                    List<Arg> rest = c.args.subList(1, c.args.size());
                    return call(id.name, rest, dot, hasFinal, fin);
                }
                if (c.args.size() > 1 || hasFinal) {
                    if (first instanceof Literal || first instanceof Dot) {
                        throw fail("can't give argument to non-function " + c.text);
                    }
                }
                return arg(first, dot);
            } finally {
                current = saved;
            }
        }

        private Object arg(Arg a, Object dot) {
            if (a instanceof Literal l) {
                return l.value;
            }
            if (a instanceof Dot) {
                return dot;
            }
            if (a instanceof Field f) {
                return fields(dot, f.chain);
            }
            if (a instanceof VarRef v) {
                return fields(lookupVar(v.name), v.chain);
            }
            if (a instanceof SubPipe sp) {
                int mark = vars.size();
                Object r = pipe(sp.pipe, dot);
                truncate(mark);
                return fields(r, sp.chain);
            }
            Ident id = (Ident) a;
            return call(id.name, List.of(), dot, false, null);
        }

        private Object fields(Object v, List<String> chain) {
            for (String name : chain) {
                if (v instanceof Struct s) {
                    if (!s.fields.containsKey(name)) {
                        throw fail("can't evaluate field " + name + " in type " + s.typeName);
                    }
                    v = s.fields.get(name);
                } else if (v instanceof TemplateValues.QuerySample qs) {
                    v = switch (name) {
                        case "Labels" -> qs.labels();
                        case "Value" -> qs.value();
                        default -> throw fail("can't evaluate field " + name + " in type *template.sample");
                    };
                } else if (v instanceof AnyMap m) {
                    v = m.get(name);
                } else if (v instanceof Map<?, ?> m) {
                    Object r = m.get(name);
                    v = r == null ? "" : r; // missingkey=zero on map[string]string
                } else if (v == null) {
                    throw fail("nil pointer evaluating interface {}." + name);
                } else {
                    throw fail("can't evaluate field " + name + " in type " + GoFormat.typeName(v));
                }
            }
            return v;
        }

        private Object call(String name, List<Arg> argNodes, Object dot, boolean hasFinal, Object fin) {
            if (name.equals("and") || name.equals("or")) {
                if (argNodes.isEmpty() && !hasFinal) {
                    throw fail("wrong number of args for " + name + ": want at least 1 got 0");
                }
                Object v = null;
                int n = argNodes.size() + (hasFinal ? 1 : 0);
                for (int i = 0; i < n; i++) {
                    v = i < argNodes.size() ? arg(argNodes.get(i), dot) : fin;
                    if (truth(v) == name.equals("or")) {
                        return v;
                    }
                }
                return v;
            }
            List<Object> args = new ArrayList<>();
            for (Arg a : argNodes) {
                args.add(arg(a, dot));
            }
            if (hasFinal) {
                args.add(fin);
            }
            if (BUILTINS.contains(name)) {
                return builtin(name, args);
            }
            TemplateFunction f = functions.get(name);
            if (f == null) {
                throw fail("\"" + name + "\" is not a defined function");
            }
            try {
                return f.call(args);
            } catch (ExecError e) {
                throw e;
            } catch (RuntimeException e) {
                // a failing query or a bad argument is the template's error, never the caller's crash
                throw fail("error calling " + name + ": " + e.getMessage());
            }
        }

        private Object builtin(String name, List<Object> a) {
            switch (name) {
                case "not" -> {
                    want(name, a, 1);
                    return !truth(a.get(0));
                }
                case "len" -> {
                    want(name, a, 1);
                    Object v = a.get(0);
                    if (v instanceof String s) {
                        return (long) s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    }
                    if (v instanceof Collection<?> c) {
                        return (long) c.size();
                    }
                    if (v instanceof Map<?, ?> m) {
                        return (long) m.size();
                    }
                    throw fail("error calling len: len of type " + GoFormat.typeName(v));
                }
                case "index" -> {
                    Object v = a.get(0);
                    for (int i = 1; i < a.size(); i++) {
                        Object k = a.get(i);
                        if (v instanceof Map<?, ?> m) {
                            Object r = m.get(k);
                            v = r == null && !(v instanceof AnyMap) ? "" : r;
                        } else if (v instanceof List<?> l && k instanceof Long idx) {
                            if (idx < 0 || idx >= l.size()) {
                                throw fail("error calling index: index out of range: " + idx);
                            }
                            v = l.get(idx.intValue());
                        } else {
                            throw fail("error calling index: can't index item of type " + GoFormat.typeName(v));
                        }
                    }
                    return v;
                }
                case "printf" -> {
                    if (a.isEmpty() || !(a.get(0) instanceof String)) {
                        throw fail("wrong type for value; expected string; got " + (a.isEmpty() ? "nothing" : GoFormat.typeName(a.get(0))));
                    }
                    return GoFormat.sprintf((String) a.get(0), a.subList(1, a.size()));
                }
                case "print" -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < a.size(); i++) {
                        // Go's Sprint puts spaces between operands when neither is a string
                        if (i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String)) {
                            sb.append(' ');
                        }
                        sb.append(printable(a.get(i)));
                    }
                    return sb.toString();
                }
                case "println" -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < a.size(); i++) {
                        if (i > 0) {
                            sb.append(' ');
                        }
                        sb.append(printable(a.get(i)));
                    }
                    return sb.append('\n').toString();
                }
                case "eq" -> {
                    if (a.size() < 2) {
                        throw fail("error calling eq: missing argument for comparison");
                    }
                    for (int i = 1; i < a.size(); i++) {
                        if (compare(name, a.get(0), a.get(i), true) == 0) {
                            return true;
                        }
                    }
                    return false;
                }
                case "ne" -> {
                    want(name, a, 2);
                    return compare(name, a.get(0), a.get(1), true) != 0;
                }
                case "lt", "le", "gt", "ge" -> {
                    want(name, a, 2);
                    int c = compare(name, a.get(0), a.get(1), false);
                    if (c == UNORDERED) {
                        return false;
                    }
                    return switch (name) {
                        case "lt" -> c < 0;
                        case "le" -> c <= 0;
                        case "gt" -> c > 0;
                        default -> c >= 0;
                    };
                }
                case "html" -> {
                    return printable(a.size() == 1 ? a.get(0) : a).replace("&", "&amp;").replace("<", "&lt;")
                            .replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
                }
                case "urlquery" -> {
                    return java.net.URLEncoder.encode(printable(a.get(0)), java.nio.charset.StandardCharsets.UTF_8);
                }
                default -> throw fail("\"" + name + "\" is not supported");
            }
        }

        private void want(String name, List<Object> a, int n) {
            if (a.size() != n) {
                throw fail("wrong number of args for " + name + ": want " + n + " got " + a.size());
            }
        }

        /** Go's basic-kind comparison: same kinds only (ints with ints, floats with floats). */
        private int compare(String fn, Object x, Object y, boolean equality) {
            String prefix = "error calling " + fn + ": ";
            if (x instanceof Long a && y instanceof Long b) {
                return Long.compare(a, b);
            }
            if (x instanceof Double a && y instanceof Double b) {
                if (a.isNaN() || b.isNaN()) {
                    return UNORDERED;
                }
                return Double.compare(a == 0 ? 0.0 : a, b == 0 ? 0.0 : b);
            }
            if (x instanceof String a && y instanceof String b) {
                return Integer.signum(a.compareTo(b));
            }
            if (x instanceof Boolean a && y instanceof Boolean b) {
                if (!equality) {
                    throw fail(prefix + "invalid type for comparison");
                }
                return a.equals(b) ? 0 : 1;
            }
            if (x == null || y == null) {
                if (equality) {
                    return x == y ? 0 : 1;
                }
                throw fail(prefix + "invalid type for comparison");
            }
            throw fail(prefix + "incompatible types for comparison: " + GoFormat.typeName(x) + " and " + GoFormat.typeName(y));
        }
    }

    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static String printable(Object v) {
        if (v == null) {
            return "<no value>";
        }
        if (v instanceof TemplateValues.QuerySample qs) {
            return "&{" + GoFormat.print(qs.labels()) + " " + GoFormat.print(qs.value()) + "}";
        }
        if (v instanceof Struct s) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Object f : s.fields.values()) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(GoFormat.print(f));
            }
            return sb.append('}').toString();
        }
        return GoFormat.print(v);
    }
}
