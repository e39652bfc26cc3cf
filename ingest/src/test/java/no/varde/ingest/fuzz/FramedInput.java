package no.varde.ingest.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a fuzz input as newline-ended text lines followed by raw bytes, so that seeds are readable files. */
final class FramedInput {
    private final byte[] input;
    private int position;

    FramedInput(byte[] input) {
        this.input = input;
    }

    /** The text up to the next newline; null when the input ends first (the part is absent). */
    String line() {
        for (int i = position; i < input.length; i++) {
            if (input[i] == '\n') {
                String line = new String(input, position, i - position, StandardCharsets.UTF_8);
                position = i + 1;
                return line;
            }
        }
        return null;
    }

    int nextByte() {
        return position < input.length ? input[position++] & 0xff : 0;
    }

    byte[] rest() {
        return Arrays.copyOfRange(input, Math.min(position, input.length), input.length);
    }
}
