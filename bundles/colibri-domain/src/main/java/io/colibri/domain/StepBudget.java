package io.colibri.domain;

/**
 * Bounds the work of regular expressions over text nobody vetted (a customer's reply rule, a
 * stranger's mail): every character a matcher reads costs one step, and when the budget is spent
 * the matcher stops with {@link Exhausted}. Deterministic, unlike a clock: the same text and
 * pattern always stop at the same place, on a slow machine as on a fast one.
 */
public final class StepBudget {
    /** The budget is spent: the text or the pattern asks for more work than is allowed. */
    public static final class Exhausted extends RuntimeException {
        Exhausted(long steps) {
            super("more than " + steps + " steps of pattern matching");
        }
    }

    private final long steps;
    private long left;

    public StepBudget(long steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("a budget has steps");
        }
        this.steps = steps;
        this.left = steps;
    }

    /** What a linear pass over text of this length needs many times over, and never less than 100 000 steps. */
    public static StepBudget linear(int length) {
        return new StepBudget(100_000L + 50L * length);
    }

    /** The text as the matcher should read it: each read is counted against this budget. */
    public CharSequence over(CharSequence text) {
        return new Counted(text);
    }

    public long left() {
        return left;
    }

    private final class Counted implements CharSequence {
        private final CharSequence text;

        Counted(CharSequence text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new Exhausted(steps);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.subSequence(start, end));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
