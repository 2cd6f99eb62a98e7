package io.switchboard.api;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.runtime.ErrorReplies;
import io.switchboard.runtime.RefusalLog;
import io.switchboard.runtime.SwitchboardConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Runs before anything else under {@code /api}: a body longer than {@code max-message-bytes} is refused with 413
 * before it is read, parsed or its sender authenticated (by its {@code Content-Length}, or as soon as a body
 * without one grows past the limit), and a request that changes state must say its body is JSON, else 415. The
 * latter also stops cross-site "simple" requests: a browser sends {@code application/json} to another origin
 * only after a CORS preflight, which this server does not grant.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class BodyGate extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH");

    @Inject
    SwitchboardConfig config;
    @Inject
    ErrorReplies replies;
    @Inject
    RefusalLog refusals;

    /** A body that grew past the limit while it was read; the exception mappers answer it with 413. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int max) {
            super("The body is larger than maxMessageBytes (" + max + " bytes)");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        int max = config.maxMessageBytes();
        if (request.getContentLengthLong() > max) {
            refuse(request, response, new SwitchboardException(ErrorCode.TOO_LARGE,
                    "The body is larger than maxMessageBytes (" + max + " bytes)"));
            return;
        }
        if (STATE_CHANGING.contains(request.getMethod()) && !isJson(request.getContentType())) {
            refuse(request, response, new SwitchboardException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as JSON, with Content-Type: application/json"));
            return;
        }
        chain.doFilter(new LimitedBody(request, max), response);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, SwitchboardException e)
            throws IOException {
        refusals.refused(request.getMethod() + " " + request.getRequestURI(), e.code().wireName(), e.getMessage());
        // the unread body is not worth keeping the connection for
        response.setHeader("Connection", "close");
        replies.write(response, e.code().httpStatus(), e);
    }

    /** The request with a body that fails once more than {@code max} bytes have been read. */
    private static final class LimitedBody extends HttpServletRequestWrapper {
        private final int max;
        private ServletInputStream limited;

        LimitedBody(HttpServletRequest request, int max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new Limited(super.getInputStream(), max);
            }
            return limited;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class Limited extends ServletInputStream {
        private final ServletInputStream body;
        private final int max;
        private long read;

        Limited(ServletInputStream body, int max) {
            this.body = body;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > max) {
                throw new TooLarge(max);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
