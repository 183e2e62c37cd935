package io.mlflowlite.agent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

/**
 * The calculator's functions: a fixed list, looked up by lower-case name, each checking its argument count and
 * its domain so that a bad call is an error naming the function rather than a NaN. Trigonometry is in radians.
 */
enum MathFunction {
    SQRT(1, 1) {
        double eval(List<Double> a, int at) {
            if (a.get(0) < 0) {
                throw new CalculatorException("sqrt of a negative number (" + Calculator.format(a.get(0)) + ")", at);
            }
            return Math.sqrt(a.get(0));
        }
    },
    ABS(Math::abs),
    LN(1, 1) {
        double eval(List<Double> a, int at) {
            return Math.log(positive(a.get(0), "ln", at));
        }
    },
    /** Natural logarithm, as in Python, JavaScript and Java; {@code log(x, b)} takes a base. */
    LOG(1, 2) {
        double eval(List<Double> a, int at) {
            double x = Math.log(positive(a.get(0), "log", at));
            if (a.size() == 1) {
                return x;
            }
            double base = a.get(1);
            if (base <= 0 || base == 1) {
                throw new CalculatorException(
                        "log base must be positive and not 1, was " + Calculator.format(base), at);
            }
            return x / Math.log(base);
        }
    },
    LOG10(1, 1) {
        double eval(List<Double> a, int at) {
            return Math.log10(positive(a.get(0), "log10", at));
        }
    },
    EXP(Math::exp),
    SIN(Math::sin),
    COS(Math::cos),
    TAN(Math::tan),
    MIN(1, Integer.MAX_VALUE) {
        double eval(List<Double> a, int at) {
            return a.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }
    },
    MAX(1, Integer.MAX_VALUE) {
        double eval(List<Double> a, int at) {
            return a.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }
    },
    /** Half away from zero ({@code round(2.5) = 3}, {@code round(-2.5) = -3}); {@code round(x, n)} keeps n decimals. */
    ROUND(1, 2) {
        double eval(List<Double> a, int at) {
            int digits = 0;
            if (a.size() == 2) {
                double n = a.get(1);
                if (n != Math.rint(n) || Math.abs(n) > 15) {
                    throw new CalculatorException(
                            "round's second argument must be a whole number of decimals between " + "-15 and 15, was "
                                    + Calculator.format(n),
                            at);
                }
                digits = (int) n;
            }
            return new BigDecimal(Double.toString(a.get(0)))
                    .setScale(digits, RoundingMode.HALF_UP)
                    .doubleValue();
        }
    },
    FLOOR(Math::floor),
    CEIL(Math::ceil),
    POW(2, 2) {
        double eval(List<Double> a, int at) {
            return Math.pow(a.get(0), a.get(1));
        }
    };

    private final int minArgs;
    private final int maxArgs;
    /** A function of one argument defined everywhere: its value is all there is to it; null for the others. */
    private final DoubleUnaryOperator unary;

    MathFunction(DoubleUnaryOperator unary) {
        this.minArgs = 1;
        this.maxArgs = 1;
        this.unary = unary;
    }

    MathFunction(int minArgs, int maxArgs) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.unary = null;
    }

    /** The value for arguments of the right count; functions with a domain or several arguments override it. */
    double eval(List<Double> args, int at) {
        return unary.applyAsDouble(args.get(0));
    }

    /** The function's value, after checking the argument count; {@code at} is its 1-based position. */
    double apply(List<Double> args, int at) {
        String name = name().toLowerCase(Locale.ROOT);
        if (args.size() < minArgs || args.size() > maxArgs) {
            String expected = minArgs == maxArgs
                    ? String.valueOf(minArgs)
                    : maxArgs == Integer.MAX_VALUE ? "at least " + minArgs : minArgs + " or " + maxArgs;
            boolean one = expected.endsWith("1") && !expected.contains(" or ");
            throw new CalculatorException(
                    name + " takes " + expected + " argument" + (one ? "" : "s") + ", got " + args.size(), at);
        }
        double value = eval(args, at);
        if (Double.isNaN(value)) {
            throw new CalculatorException(
                    name + " has no real value for "
                            + args.stream().map(Calculator::format).collect(Collectors.joining(", ")),
                    at);
        }
        if (Double.isInfinite(value)) {
            throw new CalculatorException("The result of " + name + " is too large (overflow)", at);
        }
        return value;
    }

    private static double positive(double x, String name, int at) {
        if (x <= 0) {
            throw new CalculatorException(
                    name + " of a number that is not positive (" + Calculator.format(x) + ")", at);
        }
        return x;
    }

    /** The function called {@code name} (lower case), or null. */
    static MathFunction find(String name) {
        for (MathFunction f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Every function name, for error messages. */
    static String names() {
        return Arrays.stream(values())
                .map(f -> f.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
