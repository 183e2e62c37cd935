package io.mlflowlite.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent evaluator for arithmetic, in one pass over the text (no tree, nothing executed but the
 * arithmetic below). Grammar, loosest binding first:
 *
 * <pre>
 * expression := term (('+' | '-' | '−') term)*
 * term       := unary (('*' | '×' | '/' | '÷' | '%') unary)*
 * unary      := ('+' | '-' | '−') unary | power
 * power      := primary (('^' | '**') unary)?          right-associative: 2^3^2 = 2^9
 * primary    := number | constant | function '(' expression (',' expression)* ')' | '(' expression ')'
 * </pre>
 *
 * Unary minus binds looser than a power, as in mathematics and Python: {@code -2^2 = -4}, while
 * {@code 2^-1 = 0.5} because an exponent may itself be signed. Not thread-safe: one instance per evaluation.
 */
final class ExpressionParser {
    /** Longer input is rejected before parsing: an agent's arithmetic fits easily, a runaway argument does not. */
    static final int MAX_LENGTH = 1000;
    /** Deeper nesting of parentheses, signs and powers is rejected, so no input can exhaust the stack. */
    static final int MAX_DEPTH = 100;

    private final String input;
    private int pos;
    private int depth;

    private ExpressionParser(String input) {
        this.input = input;
    }

    /** The value of {@code expression}; see the grammar above. */
    static double evaluate(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new CalculatorException("The expression is empty", 0);
        }
        if (expression.length() > MAX_LENGTH) {
            throw new CalculatorException(
                    "The expression is " + expression.length() + " characters long; the limit is " + MAX_LENGTH, 0);
        }
        ExpressionParser parser = new ExpressionParser(expression);
        double value = parser.expression();
        parser.skipSpace();
        if (parser.pos < expression.length()) {
            throw new CalculatorException(
                    "Unexpected '" + parser.describeHere() + "'",
                    parser.pos + 1,
                    parser.startsOperand() ? "write an operator between two values, e.g. 2*pi" : null);
        }
        return value;
    }

    private double expression() {
        double value = term();
        while (true) {
            skipSpace();
            int at = pos;
            if (take('+')) {
                value = checked(value + term(), at);
            } else if (take('-') || take('−')) {
                value = checked(value - term(), at);
            } else {
                return value;
            }
        }
    }

    private double term() {
        double value = unary();
        while (true) {
            skipSpace();
            int at = pos;
            if (take('*') || take('×')) {
                value = checked(value * unary(), at);
            } else if (take('/') || take('÷')) {
                double divisor = unary();
                if (divisor == 0) {
                    throw new CalculatorException("Division by zero", at + 1);
                }
                value = checked(value / divisor, at);
            } else if (take('%')) {
                double divisor = unary();
                if (divisor == 0) {
                    throw new CalculatorException("Modulo by zero", at + 1);
                }
                value = checked(value % divisor, at);
            } else {
                return value;
            }
        }
    }

    private double unary() {
        enter();
        try {
            skipSpace();
            if (take('+')) {
                return unary();
            }
            if (take('-') || take('−')) {
                return -unary();
            }
            return power();
        } finally {
            depth--;
        }
    }

    private double power() {
        double base = primary();
        skipSpace();
        int at = pos;
        if (peekIs("**")) {
            pos += 2;
        } else if (!take('^')) {
            return base;
        }
        double exponent = unary();
        return checked(Math.pow(base, exponent), at);
    }

    private double primary() {
        enter();
        try {
            skipSpace();
            if (pos >= input.length()) {
                throw error("Expected a number, a name or '(' but the expression ended");
            }
            char c = input.charAt(pos);
            if (c == '(') {
                int open = pos;
                pos++;
                double value = expression();
                skipSpace();
                if (!take(')')) {
                    throw pos >= input.length()
                            ? new CalculatorException("The '(' at position " + (open + 1) + " is never closed", 0)
                            : error("Expected ')' to close the '(' at position " + (open + 1) + " but found '"
                                    + describeHere() + "'");
                }
                return value;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                return name();
            }
            throw error("Expected a number, a name or '(' but found '" + describeHere() + "'");
        } finally {
            depth--;
        }
    }

    private double number() {
        int start = pos;
        while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
            pos++;
        }
        if (pos < input.length() && input.charAt(pos) == '.') {
            pos++;
            while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
                pos++;
            }
        }
        if (pos - start == 1 && input.charAt(start) == '.') {
            pos = start;
            throw error("A '.' must be part of a number such as 0.5");
        }
        if (pos < input.length() && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E')) {
            int mark = pos + 1;
            if (mark < input.length() && (input.charAt(mark) == '+' || input.charAt(mark) == '-')) {
                mark++;
            }
            if (mark < input.length() && Character.isDigit(input.charAt(mark))) {
                pos = mark;
                while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
                    pos++;
                }
            }
        }
        String literal = input.substring(start, pos);
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw new CalculatorException("The number " + literal + " is too large", start + 1);
        }
        return value;
    }

    private double name() {
        int start = pos;
        while (pos < input.length() && (Character.isLetterOrDigit(input.charAt(pos)) || input.charAt(pos) == '_')) {
            pos++;
        }
        String raw = input.substring(start, pos);
        String name = raw.toLowerCase(Locale.ROOT);
        skipSpace();
        if (pos < input.length() && input.charAt(pos) == '(') {
            MathFunction function = MathFunction.find(name);
            if (function == null) {
                throw new CalculatorException(
                        "Unknown function '" + raw + "'; available: " + MathFunction.names(), start + 1);
            }
            pos++;
            List<Double> args = arguments();
            return function.apply(args, start + 1);
        }
        return switch (name) {
            case "pi", "π" -> Math.PI;
            case "e" -> Math.E;
            default ->
                throw new CalculatorException(
                        MathFunction.find(name) != null
                                ? "The function '" + name + "' needs its arguments in parentheses, e.g. " + name + "(2)"
                                : "Unknown name '" + raw + "'; the constants are pi and e, the functions "
                                        + MathFunction.names(),
                        start + 1);
        };
    }

    private List<Double> arguments() {
        List<Double> args = new ArrayList<>();
        skipSpace();
        if (take(')')) {
            return args;
        }
        while (true) {
            args.add(expression());
            skipSpace();
            if (take(',')) {
                continue;
            }
            if (take(')')) {
                return args;
            }
            throw pos >= input.length()
                    ? error("Expected ')' to close the function's arguments but the expression ended")
                    : error("Expected ',' or ')' in the function's arguments but found '" + describeHere() + "'");
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("The expression nests more than " + MAX_DEPTH + " levels deep");
        }
    }

    private static double checked(double value, int at) {
        if (Double.isNaN(value)) {
            throw new CalculatorException("The result is not a number", at + 1);
        }
        if (Double.isInfinite(value)) {
            throw new CalculatorException("The result is too large (overflow)", at + 1);
        }
        return value;
    }

    private boolean take(char c) {
        if (pos < input.length() && input.charAt(pos) == c && !(c == '*' && peekIs("**"))) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean peekIs(String text) {
        return input.startsWith(text, pos);
    }

    private boolean startsOperand() {
        char c = input.charAt(pos);
        return Character.isLetterOrDigit(c) || c == '(' || c == '.';
    }

    private void skipSpace() {
        while (pos < input.length()
                && (Character.isWhitespace(input.charAt(pos)) || Character.isSpaceChar(input.charAt(pos)))) {
            pos++;
        }
    }

    private String describeHere() {
        int end = pos;
        while (end < input.length() && end - pos < 12 && Character.isLetterOrDigit(input.charAt(end))) {
            end++;
        }
        return end > pos ? input.substring(pos, end) : input.substring(pos, input.offsetByCodePoints(pos, 1));
    }

    private CalculatorException error(String message) {
        return new CalculatorException(message, pos + 1);
    }
}
