package io.kube4j.apiserver.fields;

import io.kube4j.apiserver.fields.LabelSelector.Operator;
import io.kube4j.apiserver.fields.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Upstream's label selector lexer and recursive-descent parser, producing the same requirements
 * and the same error texts. One instance parses one string; not thread-safe, not reused.
 */
final class LabelSelectorParser {

    /** A parse or validation failure; the message is upstream's. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private enum Tok { ERROR, END, CLOSE, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GT, ID, IN, LT, NOT_EQUALS, NOT_IN, OPEN }

    private record Item(Tok tok, String literal) {
    }

    private static final Map<String, Tok> KEYWORDS = Map.ofEntries(
            Map.entry(")", Tok.CLOSE), Map.entry(",", Tok.COMMA), Map.entry("!", Tok.NOT),
            Map.entry("==", Tok.DOUBLE_EQUALS), Map.entry("=", Tok.EQUALS), Map.entry(">", Tok.GT),
            Map.entry("in", Tok.IN), Map.entry("<", Tok.LT), Map.entry("!=", Tok.NOT_EQUALS),
            Map.entry("notin", Tok.NOT_IN), Map.entry("(", Tok.OPEN));

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final String input;
    private int pos;
    private final List<Item> items = new ArrayList<>();
    private int position;

    LabelSelectorParser(String input) {
        this.input = input;
    }

    List<Requirement> parse() throws SyntaxError {
        scan();
        List<Requirement> out = new ArrayList<>();
        while (true) {
            Item next = lookahead(true);
            switch (next.tok) {
                case ID, NOT -> {
                    try {
                        out.add(parseRequirement());
                    } catch (SyntaxError e) {
                        throw new SyntaxError("unable to parse requirement: " + e.getMessage());
                    }
                    Item after = consume(true);
                    if (after.tok == Tok.END) {
                        return out;
                    }
                    if (after.tok != Tok.COMMA) {
                        throw new SyntaxError("found '" + after.literal + "', expected: ',' or 'end of string'");
                    }
                    Item following = lookahead(true);
                    if (following.tok != Tok.ID && following.tok != Tok.NOT) {
                        throw new SyntaxError("found '" + following.literal + "', expected: identifier after ','");
                    }
                }
                case END -> {
                    return out;
                }
                default -> throw new SyntaxError(
                        "found '" + next.literal + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement parseRequirement() throws SyntaxError {
        Operator operator = null;
        Item key = consume(true);
        if (key.tok == Tok.NOT) {
            operator = Operator.DOES_NOT_EXIST;
            key = consume(true);
        }
        if (key.tok != Tok.ID) {
            throw new SyntaxError("found '" + key.literal + "', expected: identifier");
        }
        String keyError = LabelSyntax.keyError("<nil>", key.literal);
        if (keyError != null) {
            throw new SyntaxError(keyError);
        }
        Tok next = lookahead(true).tok;
        if ((next == Tok.END || next == Tok.COMMA) && operator == null) {
            operator = Operator.EXISTS;
        }
        if (operator != null) {
            return LabelSyntax.requirement(key.literal, operator, List.of());
        }
        operator = parseOperator();
        List<String> values = switch (operator) {
            case IN, NOT_IN -> parseValues();
            default -> parseExactValue();
        };
        return LabelSyntax.requirement(key.literal, operator, values);
    }

    private Operator parseOperator() throws SyntaxError {
        Item item = consume(false);
        return switch (item.tok) {
            case IN -> Operator.IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case GT -> Operator.GREATER_THAN;
            case LT -> Operator.LESS_THAN;
            case NOT_IN -> Operator.NOT_IN;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            default -> throw new SyntaxError("found '" + item.literal + "', expected: " + BINARY_OPERATORS);
        };
    }

    private List<String> parseValues() throws SyntaxError {
        Item open = consume(true);
        if (open.tok != Tok.OPEN) {
            throw new SyntaxError("found '" + open.literal + "' expected: '('");
        }
        Item next = lookahead(true);
        switch (next.tok) {
            case ID, COMMA -> {
                TreeSet<String> values = parseIdentifiers();
                if (consume(true).tok != Tok.CLOSE) {
                    // upstream names the token that opened the list here
                    throw new SyntaxError("found '" + next.literal + "', expected: ')'");
                }
                return List.copyOf(values);
            }
            case CLOSE -> {
                consume(true);
                return List.of("");
            }
            default -> throw new SyntaxError("found '" + next.literal + "', expected: ',', ')' or identifier");
        }
    }

    private TreeSet<String> parseIdentifiers() throws SyntaxError {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Item item = consume(true);
            switch (item.tok) {
                case ID -> {
                    values.add(item.literal);
                    Item next = lookahead(true);
                    if (next.tok == Tok.CLOSE) {
                        return values;
                    }
                    if (next.tok != Tok.COMMA) {
                        throw new SyntaxError("found '" + next.literal + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    // empty values around commas: "(,a", "a,)" and "a,,b" all hold ""
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Tok next = lookahead(true).tok;
                    if (next == Tok.CLOSE) {
                        values.add("");
                        return values;
                    }
                    if (next == Tok.COMMA) {
                        values.add("");
                    }
                }
                default -> throw new SyntaxError("found '" + item.literal + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> parseExactValue() throws SyntaxError {
        Tok next = lookahead(true).tok;
        if (next == Tok.END || next == Tok.COMMA) {
            return List.of("");
        }
        Item item = consume(true);
        if (item.tok == Tok.ID) {
            return List.of(item.literal);
        }
        throw new SyntaxError("found '" + item.literal + "', expected: identifier");
    }

    // ---- the token stream ----

    /** In value position, the keywords {@code in} and {@code notin} are plain identifiers. */
    private Item lookahead(boolean values) {
        return asContext(items.get(position), values);
    }

    private Item consume(boolean values) {
        return asContext(items.get(position++), values);
    }

    private static Item asContext(Item item, boolean values) {
        if (values && (item.tok == Tok.IN || item.tok == Tok.NOT_IN)) {
            return new Item(Tok.ID, item.literal);
        }
        return item;
    }

    private void scan() {
        while (true) {
            Item item = lex();
            items.add(item);
            if (item.tok == Tok.END) {
                return;
            }
        }
    }

    private Item lex() {
        while (pos < input.length() && isWhitespace(input.charAt(pos))) {
            pos++;
        }
        if (pos >= input.length()) {
            return new Item(Tok.END, "");
        }
        return isSpecial(input.charAt(pos)) ? scanSymbol() : scanWord();
    }

    private Item scanWord() {
        int start = pos;
        while (pos < input.length() && !isSpecial(input.charAt(pos)) && !isWhitespace(input.charAt(pos))) {
            pos++;
        }
        String word = input.substring(start, pos);
        Tok keyword = KEYWORDS.get(word);
        return new Item(keyword != null && (keyword == Tok.IN || keyword == Tok.NOT_IN) ? keyword : Tok.ID, word);
    }

    /** The longest run of symbol characters that is an operator ({@code !=} over {@code !}). */
    private Item scanSymbol() {
        int start = pos;
        Item last = null;
        while (pos < input.length() && isSpecial(input.charAt(pos))) {
            String candidate = input.substring(start, pos + 1);
            Tok tok = KEYWORDS.get(candidate);
            if (tok != null) {
                last = new Item(tok, candidate);
            } else if (last != null) {
                break;
            }
            pos++;
        }
        if (last == null) {
            return new Item(Tok.ERROR, "error expected: keyword found '" + input.substring(start, pos) + "'");
        }
        pos = start + last.literal.length();
        return last;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }
}
