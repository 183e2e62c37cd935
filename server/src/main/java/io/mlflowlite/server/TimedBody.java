package io.mlflowlite.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A request body read under a deadline, whose failures say whose fault they were: the deadline passing
 * ({@link RequestTimeoutException}), the client hanging up ({@link ClientGoneException}: not a server bug, not a
 * 500), or framing the web server could not parse, such as a chunk size that is not hexadecimal (a 400 that
 * closes the connection, since nothing after broken framing can be trusted to be a request).
 */
final class TimedBody extends FilterInputStream {
    private final ReadDeadlines.Alarm alarm;
    private final Class<? extends RuntimeException> truncated;
    private boolean ended;

    /**
     * @param truncated what the web server throws when the connection ends before the body does
     */
    TimedBody(InputStream in, ReadDeadlines.Alarm alarm, Class<? extends RuntimeException> truncated) {
        super(in);
        this.alarm = alarm;
        this.truncated = truncated;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b < 0) {
                ended = true;
                alarm.disarm();
            }
            return b;
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            if (n < 0) {
                ended = true;
                alarm.disarm();
            }
            return n;
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * Closing a body not read to its end does not read the rest: the web server would drain it, however large
     * (a refused 2 GB body) or however broken (a hang on bad framing). The body stays unread, so the response
     * says {@code Connection: close} and the connection ends instead.
     */
    @Override
    public void close() throws IOException {
        alarm.disarm();
        if (ended) {
            super.close();
        }
    }

    private RuntimeException translate(Exception failure) {
        if (alarm.disarm()) {
            Thread.interrupted(); // the alarm's interrupt did its work: the connection is cut
            return new RequestTimeoutException(failure);
        }
        if (failure instanceof IOException
                || failure instanceof UncheckedIOException
                || truncated.isInstance(failure)) {
            return new ClientGoneException(failure);
        }
        if (failure instanceof ApiException || failure instanceof ClientGoneException) {
            return (RuntimeException) failure;
        }
        return new ApiException(ApiError.invalidRequest(
                        "The request body's framing is broken (a chunk size or "
                                + "length this server cannot read: " + failure.getMessage()
                                + "); send a valid Content-Length or "
                                + "chunked body.",
                        null)
                .withHeader("connection", "close"));
    }
}
