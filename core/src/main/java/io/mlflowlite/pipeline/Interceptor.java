package io.mlflowlite.pipeline;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;

/**
 * A step of the pipeline every call flows through, library and server alike (okhttp's interceptor idea):
 * look at or change the request, call {@link Chain#proceed}, look at or change the response.
 *
 * <p>Contract: thread-safe (one instance serves concurrent calls); never swallows a failure silently; never
 * returns null (the pipeline fails the call naming the interceptor that did). A streaming call goes through
 * {@link #interceptStream}, whose default passes the stream through unchanged, so a lambda is an interceptor
 * of non-streaming calls:
 *
 * <pre>{@code
 * Interceptor tagged = chain -> chain.proceed(chain.request().toBuilder().user("batch-job").build());
 * }</pre>
 */
@FunctionalInterface
public interface Interceptor {
    /** Handles a non-streaming call: usually {@code return chain.proceed(chain.request());} around your work. */
    ChatResponse intercept(Chain chain);

    /** Handles a streaming call; wrap the returned stream (listeners, finishers) to observe its chunks. */
    default ChatStream interceptStream(Chain chain) {
        return chain.proceedStream(chain.request());
    }

    /** The rest of the pipeline, from one interceptor's point of view. */
    interface Chain {
        ChatRequest request();

        /** The call's shared state: clock, deadline, attempts. */
        CallContext context();

        /** Passes {@code request} to the next step and returns its response. */
        ChatResponse proceed(ChatRequest request);

        /** Passes {@code request} to the next step and returns its stream. */
        ChatStream proceedStream(ChatRequest request);
    }
}
