package dev.narthex.promql.functions;

import java.util.Locale;

/**
 * The one-argument element-wise PromQL functions over float values, resolved once by name
 * ({@code UnaryFunction.forName("ln")}) and applied per sample without further lookup. Go's
 * {@code math} semantics (see {@link GoMath}); histogram samples are the caller's to drop.
 */
public enum UnaryFunction {
    ABS {
        @Override
        public double apply(double v) {
            return Math.abs(v);
        }
    },
    CEIL {
        @Override
        public double apply(double v) {
            return Math.ceil(v);
        }
    },
    FLOOR {
        @Override
        public double apply(double v) {
            return Math.floor(v);
        }
    },
    EXP {
        @Override
        public double apply(double v) {
            return StrictMath.exp(v);
        }
    },
    SQRT {
        @Override
        public double apply(double v) {
            return Math.sqrt(v);
        }
    },
    LN {
        @Override
        public double apply(double v) {
            return GoMath.log(v);
        }
    },
    LOG2 {
        @Override
        public double apply(double v) {
            return GoMath.log2(v);
        }
    },
    LOG10 {
        @Override
        public double apply(double v) {
            return GoMath.log10(v);
        }
    },
    SIN {
        @Override
        public double apply(double v) {
            return StrictMath.sin(v);
        }
    },
    COS {
        @Override
        public double apply(double v) {
            return StrictMath.cos(v);
        }
    },
    TAN {
        @Override
        public double apply(double v) {
            return StrictMath.tan(v);
        }
    },
    ASIN {
        @Override
        public double apply(double v) {
            return StrictMath.asin(v);
        }
    },
    ACOS {
        @Override
        public double apply(double v) {
            return StrictMath.acos(v);
        }
    },
    ATAN {
        @Override
        public double apply(double v) {
            return StrictMath.atan(v);
        }
    },
    SINH {
        @Override
        public double apply(double v) {
            return StrictMath.sinh(v);
        }
    },
    COSH {
        @Override
        public double apply(double v) {
            return StrictMath.cosh(v);
        }
    },
    TANH {
        @Override
        public double apply(double v) {
            return StrictMath.tanh(v);
        }
    },
    ASINH {
        @Override
        public double apply(double v) {
            return GoMath.asinh(v);
        }
    },
    ACOSH {
        @Override
        public double apply(double v) {
            return GoMath.acosh(v);
        }
    },
    ATANH {
        @Override
        public double apply(double v) {
            return GoMath.atanh(v);
        }
    },
    DEG {
        @Override
        public double apply(double v) {
            return InstantFunctions.deg(v);
        }
    },
    RAD {
        @Override
        public double apply(double v) {
            return InstantFunctions.rad(v);
        }
    },
    SGN {
        @Override
        public double apply(double v) {
            return InstantFunctions.sgn(v);
        }
    };

    private final String functionName = name().toLowerCase(Locale.ROOT);

    public abstract double apply(double v);

    /** The PromQL function name. */
    public String functionName() {
        return functionName;
    }

    /** The function for a PromQL name, or null. round (which takes an optional argument) is {@link InstantFunctions#round}. */
    public static UnaryFunction forName(String name) {
        for (UnaryFunction f : values()) {
            if (f.functionName.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
